import assert from 'node:assert/strict';
import type { OpenDispute } from '../../src/domain/dispute';
import { people, raised, raiseInput, uk } from '../support/dispute-fixtures';
import { given, told } from '../support/given';

const AT = uk('2026-12-24T16:30');

describe('raise', () => {
  it('opens Stage 1 with a one-working-day deadline and the same-day written account', () => {
    const d = given(null).when(people.alex, AT, { kind: 'raise', ...raiseInput() }).then([{ type: 'raised' }]).state as OpenDispute;
    assert.equal(d.stage, 1);
    assert.equal(d.deadline.due, uk('2026-12-29T16:30').toISOString());
    assert.equal(d.writtenAccountDue, uk('2026-12-24T17:00').toISOString());
    assert.equal(d.protocol.version, 'v17');
  });

  it('opens a thread mentioning both professionals and messages each of them', () => {
    const then = given(null).when(people.alex, AT, { kind: 'raise', ...raiseInput() }).then([{ type: 'raised' }], [{ type: 'open-thread', mention: [people.alex, people.sam] }]);
    assert.deepEqual(told(then.decision), [['Alex Morgan', 'dispute-raised'], ['Sam Taylor', 'dispute-raised']]);
  });

  it('is refused for someone raising on another professional\'s behalf', () => {
    given(null).when({ ...people.sam, role: { kind: 'party', side: 'raiser' } }, AT, { kind: 'raise', ...raiseInput() }).refused('not-allowed', /raising/);
  });

  it('points a disagreement within one agency to the in-house procedure', () => {
    const input = raiseInput();
    input.sides = { ...input.sides, respondent: { ...input.sides.respondent, agency: 'Hillside Primary School' } };
    given(null).when(people.alex, AT, { kind: 'raise', ...input }).refused('invalid', /in-house/);
  });

  it('cannot raise the same dispute twice', () => {
    given(raised()).when(people.alex, uk('2026-12-24T16:31'), { kind: 'raise', ...raiseInput() }).refused('wrong-state');
  });

  it('with the child at immediate risk shows the emergency route and shrinks the clock to hours, not paused for Christmas', () => {
    const then = given(null).when(people.alex, AT, { kind: 'raise', ...raiseInput({ immediateRisk: true }) })
      .then([{ type: 'raised' }, { type: 'immediate-risk-declared' }], [{ type: 'show-emergency-route' }]);
    assert.equal((then.state as OpenDispute).deadline.due, uk('2026-12-24T20:30').toISOString(), 'four clock hours');
  });

  it('where a side has no manager, asks its professional to name one and tells the designated safeguarding lead', () => {
    const input = raiseInput({ designatedLead: people.morgan });
    input.sides = { ...input.sides, raiser: { ...input.sides.raiser, managers: { 'first-line': [], senior: [], director: [] } } };
    const then = given(null).when(people.alex, AT, { kind: 'raise', ...input }).then([{ type: 'raised' }]);
    assert.deepEqual(told(then.decision), [['Alex Morgan', 'dispute-raised'], ['Sam Taylor', 'dispute-raised'], ['Alex Morgan', 'manager-needed'], ['Morgan Reid', 'manager-missing']]);
  });
});

describe('raise: the concerns in writing, where the protocol asks for them', () => {
  it('a protocol that sets no time for them gives none', () => {
    const base = raiseInput();
    const { concernsInWriting: _sameDay, ...silent } = base.protocol;
    const d = given(null).when(people.alex, AT, { kind: 'raise', ...raiseInput({ protocol: silent }) }).then([{ type: 'raised' }]).state;
    assert.equal(d.writtenAccountDue, undefined);
  });
});
