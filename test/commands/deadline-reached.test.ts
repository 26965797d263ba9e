import assert from 'node:assert/strict';
import type { OpenDispute, PersonRef } from '../../src/domain/dispute';
import { ctx, expire, people, raised, run, seenByAll, system, uk } from '../support/dispute-fixtures';
import { given, mentioned } from '../support/given';

const due = (d: { status: string }) => (d as OpenDispute).deadline.due;
const atDue = (d: { status: string }) => new Date(due(d));

describe('deadline-reached (the protocol\'s clock)', () => {
  it('Stage 1 runs out: Stage 2 mentions both first-line managers, due in 2 working days', () => {
    const d = raised();
    const then = given(d).when(system, atDue(d), { kind: 'deadline-reached', due: due(d) }).then([{ type: 'stage-entered', stage: 2, how: 'timescale-ran-out' }]);
    assert.deepEqual(mentioned(then.decision), ['Jo Evans', 'Priya Shah']);
    assert.equal(due(then.state), uk('2026-12-31T16:30').toISOString());
  });

  it('Stage 2 runs out: Stage 3 mentions both senior managers', () => {
    const s2 = seenByAll(expire(raised()));
    const then = given(s2).when(system, atDue(s2), { kind: 'deadline-reached', due: due(s2) }).then([{ type: 'stage-entered', stage: 3 }]);
    assert.deepEqual(mentioned(then.decision), ['Chris Lee', 'Dan Okafor']);
    assert.equal(due(then.state), uk('2027-01-05T16:30').toISOString());
  });

  it('Stage 3 runs out: waits for a senior manager\'s approval and reminds until someone decides, in working time', () => {
    const s3 = seenByAll(expire(expire(raised())));
    const waiting = given(s3).when(system, atDue(s3), { kind: 'deadline-reached', due: due(s3) }).then([{ type: 'approval-awaited' }]).state as OpenDispute;
    assert.equal(waiting.status, 'awaiting-approval');
    assert.equal(waiting.stage, 3);
    const reminded = given(waiting).when(system, atDue(waiting), { kind: 'deadline-reached', due: waiting.deadline.due }).then([{ type: 'decision-reminder-scheduled' }]);
    assert.deepEqual(mentioned(reminded.decision), ['Chris Lee', 'Dan Okafor']);
    const again = reminded.state as OpenDispute;
    assert.ok(new Date(again.deadline.due) > new Date(waiting.deadline.due));
    assert.ok(ctx.calendar.isWorkingDay(new Date(again.deadline.due)));
  });

  it('Stage 4 overdue: reminds the secretariat', () => {
    const s4 = seenByAll(run(expire(expire(expire(raised()))), people.dan, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3 }));
    const then = given(s4).when(system, atDue(s4), { kind: 'deadline-reached', due: due(s4) }).then([{ type: 'decision-reminder-scheduled' }]);
    assert.deepEqual(mentioned(then.decision), ['Morgan Reid']);
  });

  it('a deadline already dealt with, or not yet due, changes nothing; and only the clock reports one', () => {
    const d = raised();
    given(expire(d)).when(system, atDue(d), { kind: 'deadline-reached', due: due(d) }).refused('stale', /already/);
    given(d).when(system, uk('2026-12-29T16:29'), { kind: 'deadline-reached', due: due(d) }).refused('not-due');
    given(d).when(people.alex, uk('2026-12-29T17:00'), { kind: 'deadline-reached', due: due(d) }).refused('not-allowed');
  });

  it('a stage that runs out starts the next at its due moment, however late the sweep noticed', () => {
    const d = raised();
    // The sweep comes two days late (downtime): Stage 2 still starts when Stage 1 ran out.
    const late = given(d).when(system, uk('2026-12-31T12:00'), { kind: 'deadline-reached', due: due(d) }).then([{ type: 'stage-entered', stage: 2, enteredAt: due(d) }]).state as OpenDispute;
    const onTime = run(d, system, atDue(d), { kind: 'deadline-reached', due: due(d) }) as OpenDispute;
    assert.equal(late.deadline.due, onTime.deadline.due, 'the ladder does not drift by the delay');
    assert.ok((late.deadline.reminders ?? []).every((r) => r > uk('2026-12-31T12:00').toISOString()), 'no reminder already in the past');
  });

  it('a level entered while a manager is away brings in their cover, and the card says why', () => {
    const d = raised();
    const rob: PersonRef = { ...people.stranger, name: 'Rob Grey' };
    const away = { ...ctx, availability: (p: PersonRef) => (p.key === people.priya.key ? { away: true, cover: rob, lastDay: '2027-01-08' } : undefined) };
    const decision = given(d).when(system, atDue(d), { kind: 'deadline-reached', due: due(d) }, away);
    decision.then([{ type: 'stage-entered', stage: 2 }, { type: 'stood-in', why: 'away', person: rob, for: people.priya, side: 'raiser' }]);
    assert.ok(mentioned(decision.decision).includes('Rob Grey'));
    assert.equal(decision.state.sides.raiser.managers['first-line']?.at(-1)?.name, 'Rob Grey', 'the cover acts as the raiser\'s first-line manager');
  });

  it('nobody on a side says they have seen it by half the timescale: their next tier is brought in, before the half-way reminder', () => {
    const s2 = expire(raised()) as OpenDispute;
    const half = s2.attention!.nextTierAt!;
    given(s2).when(system, new Date(half), { kind: 'deadline-reached', due: half })
      .then([{ type: 'stood-in', why: 'silent', person: people.dan, for: people.priya }, { type: 'stood-in', why: 'silent', person: people.chris, for: people.jo }, { type: 'reminder-sent' }]);
  });

  it('after closure, reminds the owner of an agreed action on the morning it falls due', () => {
    let d = run(raised(), people.alex, uk('2026-12-29T10:00'), { kind: 'propose-outcome', outcome: 'Visit', outstandingIssues: '', actions: [{ description: 'Home visit', owner: 'Sam Taylor', due: '2027-01-06', ownerRef: people.sam }], howPursued: '' });
    d = run(d, people.sam, uk('2026-12-29T10:05'), { kind: 'confirm-outcome' });
    assert.equal(d.status, 'closed');
    const reminder = d.actionReminders![0]!.due;
    given(d).when(system, new Date(reminder), { kind: 'deadline-reached', due: reminder })
      .then([{ type: 'action-reminded' }], [{ type: 'post-to-thread', notice: { kind: 'action-due', owner: 'Sam Taylor' }, mention: [people.sam] }]);
    given(d).when(system, new Date(new Date(reminder).getTime() - 1), { kind: 'deadline-reached', due: reminder }).refused('not-due');
  });
});
