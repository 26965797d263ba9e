import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { decide, DecideContext } from '../../src/domain/decide';
import { Actor, Dispute, DisputeState, PersonRef, Side } from '../../src/domain/dispute';
import { evolve } from '../../src/domain/evolve';
import type { Command, CommandBody, Decision, RaiseInput } from '../../src/domain/messages';
import { ProtocolSnapshot, RouteId } from '../../src/domain/protocol';
import { FOUR_LSCB, FOUR_LSCB_TIMESCALES } from '../../src/domain/protocols';
import { roleOf } from '../../src/domain/roles';
import { WorkingCalendar } from '../../src/domain/working-days';

export const ctx: DecideContext = { calendar: new WorkingCalendar() };
export const uk = (local: string): Date => DateTime.fromISO(local, { zone: 'Europe/London' }).toJSDate();

export const people = {
  alex: { id: '29:alex', name: 'Alex Morgan', aadObjectId: 'aad-alex' },
  sam: { id: '29:sam', name: 'Sam Taylor', aadObjectId: 'aad-sam' },
  priya: { id: '29:priya', name: 'Priya Shah' },
  jo: { id: '29:jo', name: 'Jo Evans' },
  dan: { id: '29:dan', name: 'Dan Okafor' },
  chris: { id: '29:chris', name: 'Chris Lee' },
  morgan: { id: '29:morgan', name: 'Morgan Reid' },
  stranger: { id: '29:stranger', name: 'Not Involved' },
} satisfies Record<string, PersonRef>;

export const protocol: ProtocolSnapshot = {
  id: FOUR_LSCB.id,
  version: FOUR_LSCB.version,
  timescales: FOUR_LSCB_TIMESCALES,
  urgent: { hoursPerStage: 4 },
  decisionReminderHours: 4,
};

const raiserSide: Side = { professional: people.alex, agency: 'Hillside Primary School', firstLine: [people.priya], senior: [people.dan] };
const respondentSide: Side = { professional: people.sam, agency: 'Children\'s Social Care', firstLine: [people.jo], senior: [people.chris] };

export function raiseInput(overrides: Partial<RaiseInput> = {}): RaiseInput {
  return {
    id: 'd-1',
    reference: 'PD-2026-0001',
    protocol,
    route: 'standard' as RouteId,
    sides: { raiser: raiserSide, respondent: respondentSide },
    secretariat: [people.morgan],
    child: { caseReference: 'HPS-4411', initials: 'J.B.' },
    concern: {
      about: 'Referral closed with no further action',
      indicators: ['Neglect'],
      tier: 'tier-4',
      impact: 'Arrives hungry, missed medical appointments',
      tried: 'Phoned the duty desk twice',
      consent: 'given',
    },
    immediateRisk: false,
    ...overrides,
  };
}

export const system: Actor = { id: 'system', name: 'Protocol clock', role: { kind: 'system' } };

/** The actor as the bot would build it: the person, with their role in this dispute. */
export function as(state: DisputeState, who: PersonRef): Actor {
  if (!state) return { ...who, role: { kind: 'party', side: 'raiser' } };
  return { ...who, role: roleOf(state, who) };
}

export function command(state: DisputeState, who: PersonRef | Actor, at: Date, body: CommandBody): Command {
  const actor = 'role' in who ? who : as(state, who);
  return { ...body, actor, now: at } as Command;
}

/** Apply a decision's events; the decision must have been accepted. */
export function apply(state: DisputeState, decision: Decision): Dispute {
  if (!decision.ok) assert.fail(`refused: ${decision.refusal.message}`);
  assert.ok(decision.events.length > 0 || state, 'an accepted command on nothing must produce events');
  return decision.events.reduce<DisputeState>(evolve, state) as Dispute;
}

export function run(state: DisputeState, who: PersonRef | Actor, at: Date, body: CommandBody): Dispute {
  return apply(state, decide(state, command(state, who, at, body), ctx));
}

export const RAISED_AT = uk('2026-12-24T16:30');

export function raised(overrides: Partial<RaiseInput> = {}, at = RAISED_AT): Dispute {
  return run(null, people.alex, at, { kind: 'raise', ...raiseInput(overrides) });
}

/** Fire the pending deadline exactly when it falls due. */
export function expire(state: Dispute): Dispute {
  assert.ok(state.status !== 'closed', 'a closed dispute has no deadline');
  return run(state, system, new Date(state.deadline.due), { kind: 'deadline-reached', due: state.deadline.due });
}
