import path from 'node:path';
import type { OpenDispute } from '../../src/domain/dispute';
import { PROTOCOLS_DIR, readProtocolFile, resolveRoute } from '../../src/protocols/protocol-file';
import { PARTNERSHIP, people, personIn, raised, run, SETTINGS, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

const iro = resolveRoute(readProtocolFile(path.join(PROTOCOLS_DIR, 'iro.json')), 'standard', SETTINGS);
const iroManager = personIn(PARTNERSHIP, 21, 'Ivy Rowe');
const iroDispute = () => raised({
  protocol: iro,
  bodies: {},
  sides: {
    raiser: { professional: people.alex, agency: 'Independent Reviewing Service', managers: { 'team-manager': [iroManager] } },
    respondent: { professional: people.sam, agency: 'Children\'s Social Care', managers: { 'team-manager': [people.jo] } },
  },
}, uk('2027-02-01T10:00')) as OpenDispute;

describe('refer-outside', () => {
  it('the IRO refers to Cafcass, with a reason, once, and everyone involved is told; the dispute goes on', () => {
    given(iroDispute()).when(people.alex, uk('2027-02-01T11:00'), { kind: 'refer-outside', reason: ' ' }).refused('invalid', /Say why/);
    const referred = given(iroDispute()).when(people.alex, uk('2027-02-01T11:00'), { kind: 'refer-outside', reason: 'The care plan is not being implemented' })
      .then([{ type: 'referred-outside', to: 'Cafcass' }], [{ type: 'post-to-thread', notice: { kind: 'referred-outside', to: 'Cafcass' } }]).state;
    given(referred).when(people.alex, uk('2027-02-01T11:05'), { kind: 'refer-outside', reason: 'again' }).nothingHappens();
  });

  it('nobody else refers, and a protocol without the referral has none', () => {
    given(iroDispute()).when(people.sam, uk('2027-02-01T11:00'), { kind: 'refer-outside', reason: 'x' }).refused('not-allowed', /can refer this to Cafcass/);
    given(run(raised(), people.alex, uk('2026-12-29T09:00'), { kind: 'record-account', account: { position: 'p', indicators: [], impact: 'i', evidence: '' } }))
      .when(people.alex, uk('2026-12-29T10:00'), { kind: 'refer-outside', reason: 'x' }).refused('wrong-state', /no referral outside the ladder/);
  });
});
