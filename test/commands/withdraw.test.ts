import assert from 'node:assert/strict';
import { people, raised, run, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';
import { narrate } from '../../src/commands/words';

describe('withdraw', () => {
  it('only the raiser withdraws, with a reason, and then nothing more changes', () => {
    given(raised()).when(people.sam, uk('2026-12-29T10:00'), { kind: 'withdraw', reason: 'x' }).refused('not-allowed', /raised the disagreement/);
    given(raised()).when(people.alex, uk('2026-12-29T10:00'), { kind: 'withdraw', reason: '' }).refused('invalid', /reason/);
    const d = given(raised()).when(people.alex, uk('2026-12-29T10:00'), { kind: 'withdraw', reason: 'New information from health' })
      .then([{ type: 'withdrawn' }], [{ type: 'post-to-thread', notice: { kind: 'closed', how: 'withdrawn' }, mention: [people.sam] }]).state;
    assert.ok(d.status === 'closed' && d.closure.how === 'withdrawn');
    given(d).when(people.alex, uk('2026-12-29T10:01'), { kind: 'request-escalation', reason: 'x' }).refused('wrong-state', /closed/);
  });

  it('someone with no part in the dispute is refused and nothing changes', () => {
    given(run(raised(), people.alex, uk('2026-12-29T09:00'), { kind: 'record-account', account: { position: 'p', indicators: [], impact: 'i', evidence: '' } }))
      .when(people.stranger, uk('2026-12-29T10:00'), { kind: 'withdraw', reason: 'x' }).refused('not-allowed', /PD-2026-0001/);
  });
});

describe('withdraw: what the history keeps', () => {
  it('a dispute withdrawn while a proposal, a request to escalate and an immediate risk stood open still tells all three', () => {
    let d = run(raised(), people.alex, uk('2026-12-29T09:00'), { kind: 'request-escalation', reason: 'No reply from social care' });
    d = run(d, people.sam, uk('2026-12-29T09:10'), { kind: 'declare-immediate-risk' });
    d = run(d, people.sam, uk('2026-12-29T09:20'), { kind: 'propose-outcome', outcome: 'Joint visit', outstandingIssues: '', actions: [], howPursued: '' });
    d = run(d, people.alex, uk('2026-12-29T09:30'), { kind: 'withdraw', reason: 'Family moved out of the area' });
    const lines = narrate(d).map((l) => `${l.who}: ${l.what}`);
    assert.deepEqual(lines, [
      'Alex Morgan: Asked to escalate: No reply from social care',
      'Sam Taylor: Declared the child at immediate risk of significant harm',
      'Sam Taylor: Proposed outcome: Joint visit. Outstanding issues: none. Actions: none. How pursued: not stated. Confirmed by 1.',
      'Alex Morgan: Withdrew the disagreement: Family moved out of the area',
    ]);
  });
});
