import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import type { Dispute, OpenDispute } from '../../src/domain/dispute';
import type { DisputeEvent, Effect } from '../../src/domain/messages';
import { WorkingCalendar } from '../../src/domain/working-days';
import { expire, people, raised, run, seenByAll, system, uk } from '../support/dispute-fixtures';
import { narrate, noticeText } from '../../src/commands/words';
import { given } from '../support/given';

/*
 * The parts of a timescale (half way, the next tier, reminders, acknowledgement windows) are
 * counted in working time on the protocol's calendar: across weekends, Christmas, Easter and the
 * clock changes the safety net arrives while people are at work and before the deadline.
 */

const calendar = new WorkingCalendar();
const show = (d: Date | string): string => DateTime.fromJSDate(new Date(d), { zone: 'Europe/London' }).toFormat('ccc d LLL yyyy HH:mm');

describe('working time between two moments, and half way through it', () => {
  const cases: [string, string, number, string][] = [
    // [from, to, working hours between, half way]
    ['2026-12-03T10:00', '2026-12-07T10:00', 16, '2026-12-04T10:00'], // Thursday to Monday: Friday, not Monday morning
    ['2026-12-07T10:00', '2026-12-08T10:00', 8, '2026-12-07T14:00'], // one working day
    ['2026-12-24T16:30', '2026-12-29T16:30', 8, '2026-12-29T12:30'], // Christmas Eve over Christmas and the Boxing Day substitute
    ['2027-03-25T10:00', '2027-03-30T10:00', 8, '2027-03-25T14:00'], // Maundy Thursday to the Tuesday after Easter: Good Friday and Easter Monday count for nothing
    ['2027-03-24T10:00', '2027-03-31T10:00', 24, '2027-03-25T14:00'], // over Easter and the spring clock change (28 Mar 2027)
    ['2026-10-22T10:00', '2026-10-26T10:00', 16, '2026-10-23T10:00'], // over the autumn clock change (25 Oct 2026)
    ['2026-12-05T10:00', '2026-12-07T17:00', 8, '2026-12-07T13:00'], // from a Saturday: Monday's hours only
  ];
  for (const [from, to, hours, halfway] of cases) {
    it(`${from} to ${to}: ${hours} working hours, half way ${halfway}`, () => {
      assert.equal(calendar.workingHoursBetween(uk(from), uk(to)), hours);
      assert.equal(show(calendar.workingHalfway(uk(from), uk(to))), show(uk(halfway)));
    });
  }

  it('counts nothing backwards', () => {
    assert.equal(calendar.workingHoursBetween(uk('2026-12-07T10:00'), uk('2026-12-04T10:00')), 0);
  });
});

/** A dispute raised at `raisedAt` and carried by the clock to the level given. */
function atStage(stage: number, raisedAt: string): OpenDispute {
  let d: Dispute = raised({}, uk(raisedAt));
  while (d.stage < stage) d = expire(d);
  assert.equal(d.status, 'open');
  return d as OpenDispute;
}

const entered = (d: Dispute) => d.stages.at(-1)!;

describe('the safety net of a level, in working time', () => {
  // [what it crosses, raised at, stage, level entered, due, half way (reminder and next tier), two working hours left, acknowledgement reminder]
  const cases: [string, string, number, string, string, string, string, string][] = [
    ['a weekend (Stage 3 entered on Thursday)', '2026-12-07T10:00', 3, '2026-12-10T10:00', '2026-12-14T10:00', '2026-12-11T10:00', '2026-12-11T16:00', '2026-12-10T14:00'],
    ['Christmas (Stage 2 entered on 29 December)', '2026-12-24T16:30', 2, '2026-12-29T16:30', '2026-12-31T16:30', '2026-12-30T16:30', '2026-12-31T14:30', '2026-12-30T12:30'],
    ['New Year (Stage 3 entered on 31 December)', '2026-12-24T16:30', 3, '2026-12-31T16:30', '2027-01-05T16:30', '2027-01-04T16:30', '2027-01-05T14:30', '2027-01-04T12:30'],
    ['Easter and the spring clock change (Stage 2 entered on Maundy Thursday)', '2027-03-24T10:00', 2, '2027-03-25T10:00', '2027-03-31T10:00', '2027-03-30T10:00', '2027-03-30T16:00', '2027-03-25T14:00'],
    ['the autumn clock change (Stage 3 entered on Thursday)', '2026-10-19T10:00', 3, '2026-10-22T10:00', '2026-10-26T10:00', '2026-10-23T10:00', '2026-10-23T16:00', '2026-10-22T14:00'],
  ];
  for (const [crossing, raisedAt, stage, enteredAt, due, halfway, twoLeft, ackReminder] of cases) {
    it(`over ${crossing}: half way, the next tier and the reminders all fall in working time before the deadline`, () => {
      const d = atStage(stage, raisedAt);
      assert.equal(show(entered(d).enteredAt), show(uk(enteredAt)));
      assert.equal(show(d.deadline.due), show(uk(due)));
      assert.deepEqual(d.deadline.reminders?.map(show), [show(uk(halfway)), show(uk(twoLeft))]);
      assert.equal(show(d.attention!.nextTierAt!), show(uk(halfway)), 'the next tier comes half way in working time');
      assert.equal(show(d.attention!.remindAt!), show(uk(ackReminder)), 'four working hours to say they have seen it');
      for (const moment of [...d.deadline.reminders!, d.attention!.nextTierAt!, d.attention!.remindAt!]) {
        assert.ok(calendar.isWorkingDay(new Date(moment)), `${show(moment)} is on a working day`);
      }
    });
  }

  it('the reminder while an approval is awaited comes after four working hours, not at the next morning\'s start', () => {
    // 4LSCB Stage 3 runs out on Friday 11 Dec at 16:00 and Stage 4 waits for a senior manager's approval.
    let d: Dispute = atStage(3, '2026-12-04T16:00');
    assert.equal(show(d.deadline.due), show(uk('2026-12-11T16:00')));
    d = expire(d);
    assert.equal(d.status, 'awaiting-approval');
    assert.equal(show((d as OpenDispute).deadline.due), show(uk('2026-12-14T12:00')), 'an hour on Friday and three on Monday');
  });

  it('the two reminders of a level say which they are, and a body is reminded to press the button it has', () => {
    // The first-line managers said they had seen it, so half way brings nobody in: only the reminder.
    const d = seenByAll(atStage(2, '2026-12-07T10:00')) as OpenDispute;
    const [halfway, twoLeft] = d.deadline.reminders!;
    const first = given(d).when(system, new Date(halfway!), { kind: 'deadline-reached', due: halfway! });
    const notice = (effects: Effect[]) => effects.find((e): e is Extract<Effect, { type: 'post-to-thread' }> => e.type === 'post-to-thread')!.notice;
    assert.ok(first.decision.ok);
    assert.deepEqual(notice(first.decision.effects), { kind: 'deadline-reminder', stage: 2, due: d.deadline.due, which: 'half-way' });
    const afterFirst = first.state as OpenDispute;
    const second = given(afterFirst).when(system, new Date(twoLeft!), { kind: 'deadline-reached', due: twoLeft! });
    assert.ok(second.decision.ok);
    assert.deepEqual(notice(second.decision.effects), { kind: 'deadline-reminder', stage: 2, due: d.deadline.due, which: 'two-hours-left' });
  });
});

describe('"I\'ve seen this" is for the people a level brings in', () => {
  it('is refused to both professionals at Stage 1, which they lead, and nothing is recorded', () => {
    const d = raised({}, uk('2026-12-07T10:00'));
    for (const who of [people.alex, people.sam]) {
      given(d).when(who, uk('2026-12-07T11:00'), { kind: 'acknowledge', stage: 1 }).refused('wrong-state', /the people who lead it are already in it/);
    }
  });

  it('is taken from a first-line manager Stage 2 brings in, and refused to the professionals there', () => {
    const d = atStage(2, '2026-12-07T10:00');
    given(d).when(people.alex, uk('2026-12-08T11:00'), { kind: 'acknowledge', stage: 2 }).refused('not-allowed', /Only .* say they have seen it/);
    given(d).when(people.priya, uk('2026-12-08T11:00'), { kind: 'acknowledge', stage: 2 }).then([{ type: 'acknowledged', stage: 2, settled: false }]);
  });
});

describe('when nobody further up a silent side can be brought in', () => {
  it('the designated safeguarding lead and the secretariat are told, in their own chats, and the record says so', () => {
    const withLead = raised({ designatedLead: people.stranger }, uk('2026-12-07T10:00'));
    let d: Dispute = withLead;
    while (d.stage < 3) d = expire(d);
    const at3 = d as OpenDispute;
    const nextTierAt = at3.attention!.nextTierAt!;
    const result = given(at3).when(system, new Date(nextTierAt), { kind: 'deadline-reached', due: nextTierAt });
    assert.ok(result.decision.ok);
    const exhausted = result.decision.events.filter((e): e is Extract<DisputeEvent, { type: 'next-tier-exhausted' }> => e.type === 'next-tier-exhausted');
    assert.deepEqual(exhausted.map((e) => e.side).sort(), ['raiser', 'respondent'], 'both senior managers were silent and nobody is above them');
    for (const e of exhausted) assert.deepEqual(e.told?.map((p) => p.name), ['Not Involved', 'Morgan Reid']);
    const told = result.decision.effects.filter((e): e is Extract<Effect, { type: 'notify-person' }> => e.type === 'notify-person' && e.notice.kind === 'next-tier-exhausted');
    assert.deepEqual(told.map((e) => `${e.to.name}:${(e.notice as { side: string }).side}`).sort(), ['Morgan Reid:raiser', 'Morgan Reid:respondent', 'Not Involved:raiser', 'Not Involved:respondent']);
    assert.ok(result.decision.effects.every((e) => e.type !== 'post-to-thread' || e.notice.kind !== 'next-tier-exhausted'), 'nothing about it is posted to the thread');
    assert.match(narrate(result.state).map((l) => l.what).join('\n'), /Nobody further up Hillside Primary School's chain could be brought in at Stage 3; Not Involved and Morgan Reid told/);
  });

  it('an acknowledgement in time means nobody is told', () => {
    let d: Dispute = raised({ designatedLead: people.stranger }, uk('2026-12-07T10:00'));
    while (d.stage < 3) d = expire(d);
    d = run(d, people.dan, uk('2026-12-10T11:00'), { kind: 'acknowledge', stage: 3 });
    d = run(d, people.chris, uk('2026-12-10T11:30'), { kind: 'acknowledge', stage: 3 });
    assert.equal((d as OpenDispute).attention, undefined, 'everyone answered: there is nothing left to check');
  });
});

describe('after downtime the clock catches up on every moment that passed, in order', () => {
  // Stage 2 entered on Tuesday 8 Dec at 10:00 and due on Thursday at 10:00; nobody says they have seen it.
  // Its moments: the reminder to say so, the next tier with the half-way reminder, two working hours left, the deadline.
  const groups = [
    { name: 'reminder to say they have seen it', at: '2026-12-08T14:00', alone: ['acknowledgement-reminded'], always: [] as string[] },
    { name: 'half way (the next tier)', at: '2026-12-09T10:00', alone: ['reminder-sent'], always: ['stood-in', 'stood-in'] },
    { name: 'two working hours left', at: '2026-12-09T16:00', alone: ['reminder-sent'], always: [] as string[] },
    { name: 'the deadline', at: '2026-12-10T10:00', alone: [] as string[], always: ['stage-entered'] },
  ];
  const start = () => atStage(2, '2026-12-07T10:00');

  /** The clock fires whatever is earliest due at `now`, as the sweep does. */
  function fire(d: OpenDispute, now: Date) {
    const due = [d.attention?.remindAt, d.attention?.nextTierAt, ...(d.deadline.reminders ?? []), d.deadline.due].filter((t): t is string => Boolean(t)).sort()[0]!;
    return given(d).when(system, now, { kind: 'deadline-reached', due });
  }

  it('its moments are where this test expects them', () => {
    const d = start();
    assert.deepEqual([d.attention!.remindAt!, d.attention!.nextTierAt!, ...d.deadline.reminders!, d.deadline.due].map(show), [groups[0]!.at, groups[1]!.at, groups[1]!.at, groups[2]!.at, groups[3]!.at].map((t) => show(uk(t))));
  });

  for (let last = -1; last < groups.length - 1; last++) {
    for (let upTo = last + 1; upTo < groups.length; upTo++) {
      const handled = last < 0 ? 'nothing handled yet' : `handled up to the ${groups[last]!.name}`;
      it(`${handled}, the clock next looks after the ${groups[upTo]!.name}: each passed moment happens once, in order, and only reminders that no longer help are dropped`, () => {
        let d = start();
        // On time, up to `last`: each moment fired when it came.
        for (let g = 0; g <= last; g++) d = fire(d, uk(groups[g]!.at)).state as OpenDispute;
        const now = new Date(uk(groups[upTo]!.at).getTime() + 30 * 60_000);
        const result = fire(d, now);
        assert.ok(result.decision.ok, result.decision.ok ? '' : result.decision.refusal.message);
        const passed = groups.slice(last + 1, upTo + 1);
        const expected = passed.flatMap((g, i) => [...g.always, ...(i === passed.length - 1 ? g.alone : [])]);
        assert.deepEqual(result.decision.events.map((e) => e.type), expected);
        const after = result.state as OpenDispute;
        const pending = [after.attention?.remindAt, after.attention?.nextTierAt, ...(after.deadline.reminders ?? []), after.deadline.due].filter((t): t is string => Boolean(t));
        assert.ok(pending.every((t) => new Date(t) > now), `nothing passed is left pending: ${pending.map(show).join(', ')}`);
        if (passed.some((g) => g.always.includes('stood-in'))) {
          assert.ok(result.decision.effects.some((e) => e.type === 'notify-person' && e.notice.kind === 'stood-in'), 'the next tier is told they are brought in');
          assert.match(narrate(after).map((l) => l.what).join('\n'), /Dan Okafor brought in at Stage 2 for Priya Shah: nobody on that side had said they had seen it by half the timescale/);
        }
        assert.ok(result.decision.effects.filter((e) => e.type === 'refresh-thread-card').length <= 1, 'at most one refresh of the thread card for the whole catch-up');
        // The clock looking again at the same moment finds nothing more to do.
        fire(after, now).refused('not-due');
      });
    }
  }

  it('a level the clock enters late, after a weekend down, gives its people half of what is left before the next tier', () => {
    // Raised Friday 4 Dec at 16:00; Stage 1 ran out on Monday at 16:00; the bot is down until Wednesday at 12:00.
    const d = raised({}, uk('2026-12-04T16:00')) as OpenDispute;
    const result = given(d).when(system, uk('2026-12-09T12:00'), { kind: 'deadline-reached', due: d.deadline.due });
    assert.ok(result.decision.ok);
    assert.deepEqual(result.decision.events.map((e) => e.type), ['stage-entered']);
    const after = result.state as OpenDispute;
    assert.equal(show(after.stages.at(-1)!.enteredAt), show(uk('2026-12-07T16:00')), 'Stage 2 began when Stage 1 ran out');
    assert.equal(show(after.deadline.due), show(uk('2026-12-09T16:00')), 'and keeps its own deadline');
    assert.equal(show(after.attention!.nextTierAt!), show(uk('2026-12-09T14:00')), 'the managers, told only now, have half of the time left');
  });
});

describe('after downtime, the chase of a body that has not confirmed receipt still happens', () => {
  it('Stage 4: the secretariat never confirmed and the bot was down past the deadline: the chase, then the overdue decision', () => {
    let d: Dispute = raised({}, uk('2026-12-07T10:00'));
    while (d.stage < 3) d = expire(d);
    d = seenByAll(d);
    d = run(d, system, new Date((d as OpenDispute).deadline.due), { kind: 'deadline-reached', due: (d as OpenDispute).deadline.due });
    d = run(d, people.chris, uk('2026-12-14T11:00'), { kind: 'approve-escalation', fromStage: 3, reason: 'A policy question for the panel' });
    const at4 = d as OpenDispute;
    assert.equal(at4.stage, 4);
    assert.ok(at4.attention?.remindAt, 'the secretariat has one working day to confirm');
    const late = new Date(new Date(at4.deadline.due).getTime() + 3_600_000);
    const result = given(at4).when(system, late, { kind: 'deadline-reached', due: at4.attention!.remindAt! });
    assert.ok(result.decision.ok);
    assert.deepEqual(result.decision.events.map((e) => e.type), ['acknowledgement-reminded', 'decision-reminder-scheduled']);
    const chase = result.decision.events[0] as Extract<DisputeEvent, { type: 'acknowledgement-reminded' }>;
    assert.deepEqual(chase.told?.map((p) => p.name), ['Chris Lee'], 'the senior manager who referred it is told');
  });
});

describe('the clock\'s rules are the protocol\'s to say', () => {
  it('a protocol that brings the next tier in a quarter of the way, reminds four working hours before, and not part way', () => {
    const base = raised({}, uk('2026-12-07T10:00'));
    const protocol = { ...base.protocol, clock: { nextTierAt: 0.25, bodyConfirmsWithinWorkingDays: 2, reminders: { partWay: 0, workingHoursBefore: 4 } } };
    const d = expire(raised({ protocol }, uk('2026-12-07T10:00'))) as OpenDispute;
    // Stage 2 from Tue 8 Dec 10:00, due Thu 10 Dec 10:00: 16 working hours.
    assert.deepEqual(d.deadline.reminders?.map(show), ['Wed 9 Dec 2026 14:00'], 'four working hours before, and no half-way reminder');
    assert.equal(show(d.attention!.nextTierAt!), 'Tue 8 Dec 2026 14:00', 'a quarter of the way, in working time');
    const reminded = given(d).when(system, new Date(d.deadline.reminders![0]!), { kind: 'deadline-reached', due: d.deadline.reminders![0]! });
    const post = reminded.decision.ok ? reminded.decision.effects.find((e) => e.type === 'post-to-thread' && e.notice.kind === 'deadline-reminder') : undefined;
    assert.ok(post && post.type === 'post-to-thread');
    assert.match(noticeText(post.notice, reminded.state), /^4 working hours left: Stage 2/);
    assert.match(narrate(reminded.state).map((l) => l.what).join('\n'), /nobody on that side had said they had seen it by a quarter of the timescale/);
  });

  it('the partnership\'s body is reminded to confirm receipt after the protocol\'s working days', () => {
    const base = raised({}, uk('2026-12-07T10:00'));
    const protocol = { ...base.protocol, clock: { bodyConfirmsWithinWorkingDays: 2 } };
    let d: Dispute = raised({ protocol }, uk('2026-12-07T10:00'));
    while (d.stage < 3) d = expire(d);
    d = seenByAll(expire(d));
    const s4 = run(d, people.chris, uk('2026-12-14T10:00'), { kind: 'approve-escalation', fromStage: 3 }) as OpenDispute;
    assert.equal(show(s4.attention!.remindAt!), 'Wed 16 Dec 2026 10:00', 'two working days after the written account went');
  });
});
