import assert from 'node:assert/strict';
import type { OpenDispute } from '../../src/domain/dispute';
import { expire, people, raised, run, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

describe('decline-escalation', () => {
  it('a senior manager declines the referral with a reason: Stage 3 goes on with a fresh timescale', () => {
    const waiting = expire(expire(expire(raised())));
    given(waiting).when(people.chris, uk('2027-01-05T17:00'), { kind: 'decline-escalation', fromStage: 3, reason: ' ' }).refused('invalid', /reason/);
    const d = given(waiting).when(people.chris, uk('2027-01-05T17:00'), { kind: 'decline-escalation', fromStage: 3, reason: 'Meeting on Thursday first' })
      .then([{ type: 'escalation-declined', reason: 'Meeting on Thursday first' }], [{ type: 'post-to-thread', notice: { kind: 'escalation-declined', by: 'Chris Lee' } }]).state as OpenDispute;
    assert.equal(d.status, 'open');
    assert.equal(d.stage, 3);
    assert.equal(d.deadline.due, uk('2027-01-07T17:00').toISOString());
  });

  it('declining a professional\'s request keeps the stage and its clock, and tells who asked', () => {
    const asked = run(raised(), people.alex, uk('2026-12-29T09:00'), { kind: 'request-escalation', reason: 'No reply' });
    const after = given(asked).when(people.priya, uk('2026-12-29T10:00'), { kind: 'decline-escalation', fromStage: 1, reason: 'Sam replied this morning' })
      .then([{ type: 'escalation-declined' }], [{ type: 'post-to-thread', mention: [people.alex] }]).state as OpenDispute;
    assert.equal(after.stage, 1);
    assert.equal(after.deadline.due, (asked as OpenDispute).deadline.due);
    assert.equal(after.escalationRequest, undefined);
  });

  it('a second decision on the same request, or a press from a card of a level since left, does nothing', () => {
    const asked = run(raised(), people.alex, uk('2026-12-29T09:00'), { kind: 'request-escalation', reason: 'No reply' });
    const declined = run(asked, people.priya, uk('2026-12-29T10:00'), { kind: 'decline-escalation', fromStage: 1, reason: 'Replied' });
    given(declined).when(people.priya, uk('2026-12-29T10:01'), { kind: 'decline-escalation', fromStage: 1, reason: 'Replied' }).nothingHappens();
    given(expire(raised())).when(people.priya, uk('2026-12-30T10:00'), { kind: 'decline-escalation', fromStage: 1, reason: 'x' }).nothingHappens();
  });

  it('is not for the professionals, where no level is entered at their request', () => {
    given(expire(expire(expire(raised())))).when(people.alex, uk('2027-01-05T17:00'), { kind: 'decline-escalation', fromStage: 3, reason: 'x' }).refused('not-allowed', /ask your manager/);
  });
});
