import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decide } from '../../src/commands';
import { Dispute, PersonRef } from '../../src/domain/dispute';
import { evolve } from '../../src/commands';
import type { CommandBody } from '../../src/commands';
import { command, ctx, people, raised, system } from '../support/dispute-fixtures';

const cast: (PersonRef | typeof system)[] = [people.alex, people.sam, people.priya, people.jo, people.dan, people.chris, people.morgan, people.stranger, system];

type Step = { who: number; minutes: number; pick: number; flag: boolean };

const step = fc.record({
  who: fc.nat({ max: cast.length - 1 }),
  minutes: fc.integer({ min: 1, max: 4 * 24 * 60 }),
  pick: fc.nat({ max: 15 }),
  flag: fc.boolean(),
});

function body(state: Dispute, s: Step, now: Date): CommandBody {
  const due = state.status === 'closed' ? now.toISOString() : state.deadline.due;
  const later = new Date(now.getTime() + 3_600_000).toISOString();
  const options: CommandBody[] = [
    { kind: 'deadline-reached', due: s.flag ? due : new Date(0).toISOString() },
    { kind: 'deadline-reached', due },
    { kind: 'record-account', account: { position: s.flag ? 'Tier 4 met' : '', indicators: [], impact: 'x', evidence: 'y' } },
    { kind: 'request-escalation', reason: s.flag ? 'Urgent' : '' },
    { kind: 'approve-escalation', fromStage: s.flag ? state.stage : 1 },
    { kind: 'decline-escalation', reason: s.flag ? 'Not yet' : '', fromStage: state.stage },
    { kind: 'manager-disagrees', view: 'Different view' },
    { kind: 'convene-meeting', at: later, location: 'Teams', attendees: [people.alex, people.sam] },
    { kind: 'propose-outcome', outcome: 'Agreed plan', outstandingIssues: '', actions: [], howPursued: '' },
    { kind: 'confirm-outcome' },
    { kind: 'request-changes', reason: 'Change it' },
    { kind: 'record-decision', decision: 'Panel decided', actions: [] },
    { kind: 'withdraw', reason: s.flag ? 'Resolved informally' : '' },
    { kind: 'declare-immediate-risk' },
    { kind: 'stand-down-immediate-risk', reason: s.flag ? 'Child placed with grandparents' : '' },
    { kind: 'set-protective-deadline', due: later },
  ];
  return options[s.pick % options.length]!;
}

describe('decide: properties over random command sequences', () => {
  it('the stage never goes back, deadlines are consistent, and a refused command changes nothing', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.boolean(), (steps, urgentAtRaise) => {
        let now = new Date('2026-12-24T16:30:00Z');
        let state: Dispute = raised({ immediateRisk: urgentAtRaise }, now);
        let clockOverridden = urgentAtRaise;
        for (const s of steps) {
          now = new Date(now.getTime() + s.minutes * 60_000);
          const b = body(state, s, now);
          const before = structuredClone(state);
          const decision = decide(state, command(state, cast[s.who]!, now, b), ctx);
          assert.deepEqual(state, before, 'decide must not change the state it is given');
          if (!decision.ok) continue;
          const next = decision.events.reduce<Dispute>((d, e) => evolve(d, e), state);
          assert.ok(next.stage >= state.stage, `stage went back from ${state.stage} to ${next.stage}`);
          if (decision.events.some((e) => e.type === 'immediate-risk-declared' || e.type === 'protective-deadline-set')) clockOverridden = true;
          if (next.status === 'closed') {
            assert.equal('deadline' in next, false, 'a closed dispute has no pending deadline');
          } else {
            assert.ok(next.deadline && next.deadline.due, 'an open dispute has exactly one pending deadline');
            assert.equal(next.deadline.stage, next.stage);
            if (!clockOverridden) assert.ok(ctx.calendar.isWorkingDay(new Date(next.deadline.due)), `deadline ${next.deadline.due} is not on a working day`);
          }
          if (state.status === 'closed') assert.fail('a closed dispute accepted a command');
          state = next;
        }
      }),
      { numRuns: 300 },
    );
  });
});
