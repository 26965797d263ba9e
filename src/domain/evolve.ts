import type { ActionReminder, Attention, ConversationRecord, Dispute, DisputeState, Instant, OpenDispute } from './dispute';
import type { DisputeEvent } from './messages';

/**
 * How the protocol's clock changes a dispute: the events a level's entry, its reminders, its
 * acknowledgement checks and an agreed action falling due record. Each command folds its own
 * events (src/commands); the whole fold, `evolve`, is composed there.
 */

/** The dispute an event about an open dispute applies to; anything else is a bug in the decider. */
export function open(state: DisputeState, event: { type: string }): OpenDispute {
  if (state === null || state.status === 'closed') throw new Error(`Event ${event.type} cannot apply to a ${state ? 'closed' : 'missing'} dispute`);
  return state;
}

/** The dispute an event about any raised dispute applies to (a hold, themes). */
export function existing(state: DisputeState, event: { type: string }): Dispute {
  if (state === null) throw new Error(`Event ${event.type} cannot apply to a missing dispute`);
  return state;
}

/** The current level's visit keeps the level's due moment as it stands (a sooner date, urgent hours, a fresh timescale). */
export function withVisitDue(d: Dispute): Dispute {
  if (d.status === 'closed' || d.deadline.kind !== 'stage' || d.deadline.stage !== d.stage) return d;
  const last = d.stages.at(-1);
  if (!last || last.stage !== d.stage || last.due === d.deadline.due) return d;
  return { ...d, stages: [...d.stages.slice(0, -1), { ...last, due: d.deadline.due }] };
}

/** The events the protocol's clock records (and decider/stages.ts looks ahead with); every other event is a command's. */
export const CLOCK_EVENTS = ['stage-entered', 'acknowledgement-reminded', 'stood-in', 'next-tier-exhausted', 'reminder-sent', 'approval-awaited', 'decision-reminder-scheduled', 'action-reminded', 'meeting-record-asked', 'meeting-record-chased'] as const;
export type ClockEvent = Extract<DisputeEvent, { type: (typeof CLOCK_EVENTS)[number] }>;

/** The clock's events, folded. */
export function clockFold(state: DisputeState, event: DisputeEvent): Dispute {
  if (event.type === 'action-reminded') {
    if (state === null || state.status !== 'closed') throw new Error('Action reminders apply to closed disputes');
    return { ...state, actionReminders: (state.actionReminders ?? []).filter((r) => r.due > event.due) };
  }
  const s = open(state, event);
  switch (event.type) {
    case 'stage-entered': {
      const { escalationRequest: _done, ...rest } = s;
      const visit = {
        stage: event.stage, enteredAt: event.enteredAt ?? event.at, how: event.how, due: event.deadline.due,
        ...(event.by ? { by: event.by } : {}), ...(event.reason ? { reason: event.reason } : {}), ...(event.skipped ? { skipped: event.skipped } : {}),
      };
      const { attention: _previous, ...entered } = rest;
      return { ...entered, status: 'open', stage: event.stage, deadline: event.deadline, stages: [...s.stages, visit], ...(event.attention ? { attention: event.attention } : {}) };
    }
    case 'acknowledgement-reminded':
      return { ...withoutCheck(s, 'remindAt'), acknowledgementReminders: [...(s.acknowledgementReminders ?? []), { stage: event.stage, to: event.to, ...(event.told ? { told: event.told } : {}), at: event.at }] };
    case 'stood-in': {
      const { type: _type, ...standIn } = event;
      const side = s.sides[event.side];
      const managers = { ...side.managers, [event.rung]: [...(side.managers[event.rung] ?? []), event.person] };
      const next = { ...s, sides: { ...s.sides, [event.side]: { ...side, managers } }, standIns: [...(s.standIns ?? []), standIn] };
      return event.why === 'silent' ? passedChecksDropped(withoutCheck(next, 'nextTierAt'), event.at) : next;
    }
    case 'next-tier-exhausted':
      return { ...passedChecksDropped(withoutCheck(s, 'nextTierAt'), event.at), nextTierExhausted: [...(s.nextTierExhausted ?? []), { stage: event.stage, side: event.side, at: event.at, ...(event.told ? { told: event.told } : {}) }] };
    case 'reminder-sent':
      // Every reminder already past goes with it: after downtime, one catch-up is enough.
      return { ...s, deadline: { ...s.deadline, reminders: (s.deadline.reminders ?? []).filter((r) => r !== event.reminder && r > event.at) } };
    case 'approval-awaited':
      return { ...passedChecksDropped(s, event.at), status: 'awaiting-approval', deadline: event.deadline };
    case 'decision-reminder-scheduled':
      return { ...passedChecksDropped(s, event.at), deadline: event.deadline };
    case 'meeting-record-asked':
      return { ...s, meetings: s.meetings.map((m) => (m.at === event.meetingAt ? { ...m, recordAsked: { at: event.at, chaseAt: event.chaseAt } } : m)) };
    case 'meeting-record-chased':
      return { ...s, meetings: s.meetings.map((m) => (m.at === event.meetingAt ? { ...m, recordChased: event.at } : m)) };
    default:
      throw new Error(`No fold for the event ${event.type}`);
  }
}

/** The clock's fold, for the decider's own look ahead (a level entered, moments passed after downtime). */
export const evolveClock = (state: DisputeState, event: DisputeEvent): Dispute => withVisitDue(clockFold(state, event));

/** The acknowledgement check without the moments already passed (after downtime, a later moment makes them pointless). */
function passedChecksDropped(s: OpenDispute, at: Instant): OpenDispute {
  const passed = (['remindAt', 'nextTierAt'] as const).filter((m) => s.attention?.[m] && s.attention[m]! <= at);
  return passed.reduce((d, m) => withoutCheck(d, m), s);
}

/** The acknowledgement check without one of its moments; none left, no check. */
function withoutCheck(s: OpenDispute, moment: 'remindAt' | 'nextTierAt'): OpenDispute {
  const { attention, ...rest } = s;
  if (!attention) return s;
  const left: Attention = { ...attention };
  delete left[moment];
  return left.remindAt || left.nextTierAt ? { ...rest, attention: left } : rest;
}

/** The dispute closed as an event says, with the reminders of its agreed actions. */
export function closed(s: OpenDispute, closure: Extract<Dispute, { status: 'closed' }>['closure'], actionReminders: ActionReminder[] = []): Dispute {
  const { deadline: _none, attention: _checks, ...rest } = s;
  return { ...rest, status: 'closed', closure, ...(actionReminders.length ? { actionReminders } : {}) };
}

/** Conversation records the state keeps in full; older ones are in the history, and counted. */
export const RECENT_RECORDS = 10;

/** Every conversation record in a history, earliest first. */
export function recordsIn(events: readonly DisputeEvent[]): ConversationRecord[] {
  return events.flatMap((e) => (e.type === 'conversation-recorded' ? [e.record] : []));
}
