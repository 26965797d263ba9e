import assert from 'node:assert/strict';
import type { OpenDispute } from '../../src/domain/dispute';
import { people, raised, run, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

describe('stand-down-immediate-risk', () => {
  it('a manager records the risk as dealt with: the working-day clock applies again from then, and the record keeps both', () => {
    const risky = run(raised(), people.sam, uk('2026-12-29T10:00'), { kind: 'declare-immediate-risk' });
    given(risky).when(people.alex, uk('2026-12-29T11:00'), { kind: 'stand-down-immediate-risk', reason: 'Safe now' }).refused('not-allowed', /manager/);
    given(risky).when(people.jo, uk('2026-12-29T11:00'), { kind: 'stand-down-immediate-risk', reason: ' ' }).refused('invalid');
    const calm = given(risky).when(people.jo, uk('2026-12-29T11:00'), { kind: 'stand-down-immediate-risk', reason: 'Placed with grandparents; police attended' })
      .then([{ type: 'immediate-risk-stood-down' }], [{ type: 'post-to-thread', notice: { kind: 'immediate-risk-stood-down', by: 'Jo Evans' } }]).state as OpenDispute;
    assert.equal(calm.immediateRisk, undefined);
    assert.equal(calm.deadline.due, uk('2026-12-30T11:00').toISOString(), 'one working day from when it was dealt with');
    assert.deepEqual(calm.stoodDownRisks?.map((r) => [r.declaredBy.name, r.stoodDownBy.name, r.reason]), [['Sam Taylor', 'Jo Evans', 'Placed with grandparents; police attended']]);
    given(calm).when(people.jo, uk('2026-12-29T11:05'), { kind: 'stand-down-immediate-risk', reason: 'again' }).nothingHappens();
  });
});
