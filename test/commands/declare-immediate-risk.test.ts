import assert from 'node:assert/strict';
import type { OpenDispute } from '../../src/domain/dispute';
import { as, expire, people, raised, run, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

describe('declare-immediate-risk', () => {
  it('mid-stage shrinks the deadline to hours and shows everyone the emergency route, even over a weekend', () => {
    const d = raised({}, uk('2026-11-06T16:00'));
    const after = given(d).when(people.sam, uk('2026-11-06T18:00'), { kind: 'declare-immediate-risk' })
      .then([{ type: 'immediate-risk-declared' }], [{ type: 'show-emergency-route', declaredBy: 'Sam Taylor' }]).state as OpenDispute;
    assert.equal(after.deadline.due, uk('2026-11-06T22:00').toISOString());
    assert.equal((expire(after) as OpenDispute).deadline.due, uk('2026-11-07T02:00').toISOString(), 'the clock never pauses');
  });

  it('declaring twice has the effect of once', () => {
    const d = run(raised(), people.sam, uk('2026-12-24T18:00'), { kind: 'declare-immediate-risk' });
    given(d).when(people.alex, uk('2026-12-24T18:30'), { kind: 'declare-immediate-risk' }).nothingHappens();
  });

  it('the secretariat has no say before Stage 4', () => {
    assert.deepEqual(as(raised(), people.morgan).role, { kind: 'member', body: 'secretariat' });
    given(raised()).when(people.morgan, uk('2026-12-29T10:00'), { kind: 'declare-immediate-risk' }).refused('not-allowed');
  });
});
