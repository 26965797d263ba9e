import type { ActionReminder, Attention, ConversationRecord, Dispute, DisputeState, Instant, OpenDispute } from './dispute';
import type { DisputeEvent } from './messages';

function open(state: DisputeState, event: DisputeEvent): OpenDispute {
  if (state === null || state.status === 'closed') throw new Error(`Event ${event.type} cannot apply to a ${state ? 'closed' : 'missing'} dispute`);
  return state;
}

/** Fold one event into the dispute. Pure and total over the events decide emits. */
export function evolve(state: DisputeState, event: DisputeEvent): Dispute {
  return withVisitDue(fold(state, event));
}

/** The current level's visit keeps the level's due moment as it stands (a sooner date, urgent hours, a fresh timescale). */
function withVisitDue(d: Dispute): Dispute {
  if (d.status === 'closed' || d.deadline.kind !== 'stage' || d.deadline.stage !== d.stage) return d;
  const last = d.stages.at(-1);
  if (!last || last.stage !== d.stage || last.due === d.deadline.due) return d;
  return { ...d, stages: [...d.stages.slice(0, -1), { ...last, due: d.deadline.due }] };
}

function fold(state: DisputeState, event: DisputeEvent): Dispute {
  if (event.type === 'raised') {
    const { type: _type, at, by: _by, firstDeadline, ...raised } = event;
    return {
      ...raised,
      status: 'open',
      raisedAt: at,
      stage: 1,
      stages: [{ stage: 1, enteredAt: at, how: 'raised', due: firstDeadline.due }],
      deadline: firstDeadline,
      accounts: {},
      records: [],
      managerViews: [],
      meetings: [],
      declinedEscalations: [],
    };
  }
  if (event.type === 'action-reminded') {
    if (state === null || state.status !== 'closed') throw new Error('Action reminders apply to closed disputes');
    return { ...state, actionReminders: (state.actionReminders ?? []).filter((r) => r.due > event.due) };
  }
  if (event.type === 'themes-recorded') {
    if (state === null) throw new Error('Themes cannot apply to a missing dispute');
    return { ...state, themes: [...(state.themes ?? []), { by: event.by, themes: event.themes, at: event.at }] };
  }
  if (event.type === 'legal-hold-placed' || event.type === 'legal-hold-lifted') {
    if (state === null) throw new Error('A legal hold cannot apply to a missing dispute');
    const holds = state.legalHolds ?? [];
    if (event.type === 'legal-hold-placed') return { ...state, legalHolds: [...holds, { basis: event.basis, placedBy: event.by, placedAt: event.at }] };
    return { ...state, legalHolds: holds.map((h, i) => (i === holds.length - 1 ? { ...h, liftedBy: event.by, liftedAt: event.at } : h)) };
  }
  const s = open(state, event);
  switch (event.type) {
    case 'account-recorded':
      return { ...s, accounts: { ...s.accounts, [event.side]: { ...event.account, by: event.by, at: event.at } } };
    case 'conversation-recorded': {
      // The state holds the most recent records; the history holds every one (see recordsIn).
      const records = [...s.records, event.record];
      const dropped = Math.max(0, records.length - RECENT_RECORDS);
      return { ...s, records: records.slice(dropped), ...(dropped || s.earlierRecords ? { earlierRecords: (s.earlierRecords ?? 0) + dropped } : {}) };
    }
    case 'escalation-requested':
      return { ...s, escalationRequest: { by: event.by, side: event.side, reason: event.reason, at: event.at } };
    case 'escalation-declined': {
      const { escalationRequest: _declined, ...rest } = s;
      return {
        ...rest,
        status: 'open',
        deadline: event.deadline ?? s.deadline,
        declinedEscalations: [...s.declinedEscalations, { by: event.by, reason: event.reason, at: event.at }],
      };
    }
    case 'stage-entered': {
      const { escalationRequest: _done, ...rest } = s;
      const visit = {
        stage: event.stage, enteredAt: event.enteredAt ?? event.at, how: event.how, due: event.deadline.due,
        ...(event.by ? { by: event.by } : {}), ...(event.reason ? { reason: event.reason } : {}), ...(event.skipped ? { skipped: event.skipped } : {}),
      };
      const { attention: _previous, ...entered } = rest;
      return { ...entered, status: 'open', stage: event.stage, deadline: event.deadline, stages: [...s.stages, visit], ...(event.attention ? { attention: event.attention } : {}) };
    }
    case 'acknowledged': {
      const acknowledgements = [...(s.acknowledgements ?? []), { stage: event.stage, by: event.by, at: event.at }];
      if (!event.settled) return { ...s, acknowledgements };
      const { attention: _settled, ...rest } = s;
      return { ...rest, acknowledgements };
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
    case 'immediate-risk-declared':
    case 'protective-deadline-set': {
      const next = { ...s, deadline: event.deadline };
      return event.type === 'immediate-risk-declared' ? { ...next, immediateRisk: { declaredAt: event.at, by: event.by } } : next;
    }
    case 'immediate-risk-stood-down': {
      const { immediateRisk, ...rest } = s;
      const past = immediateRisk ? [{ declaredAt: immediateRisk.declaredAt, declaredBy: immediateRisk.by, stoodDownAt: event.at, stoodDownBy: event.by, reason: event.reason }] : [];
      return { ...rest, deadline: event.deadline, stoodDownRisks: [...(s.stoodDownRisks ?? []), ...past] };
    }
    case 'manager-disagreed':
      return { ...s, managerViews: [...s.managerViews, { by: event.by, side: event.side, view: event.view, at: event.at }] };
    case 'meeting-convened':
      return { ...s, meetings: [...s.meetings, { at: event.meetingAt, location: event.location, attendees: event.attendees, convenedBy: event.by, convenedAt: event.at }] };
    case 'outcome-proposed':
      return { ...s, proposal: event.proposal };
    case 'outcome-confirmed':
      return s.proposal ? { ...s, proposal: { ...s.proposal, confirmedBy: [...s.proposal.confirmedBy, event.confirmerId] } } : s;
    case 'outcome-changes-requested': {
      const { proposal: _reopened, ...rest } = s;
      return { ...rest, status: s.status };
    }
    case 'manager-named': {
      const side = s.sides[event.side];
      const managers = { ...side.managers, [event.rung]: [...(side.managers[event.rung] ?? []), event.manager] };
      return { ...s, sides: { ...s.sides, [event.side]: { ...side, managers } } };
    }
    case 'referred-outside':
      return { ...s, outsideReferrals: [...(s.outsideReferrals ?? []), { to: event.to, by: event.by, reason: event.reason, at: event.at }] };
    case 'conference-request-decided':
      return { ...s, conferenceRequest: { agreed: event.agreed, reasons: event.reasons, by: event.by, at: event.at } };
    case 'agreed':
      return closed(s, { how: 'agreed', at: event.at, proposal: s.proposal! }, event.actionReminders);
    case 'withdrawn':
      return closed(s, { how: 'withdrawn', at: event.at, by: event.by, reason: event.reason });
    case 'decision-recorded':
      return closed(s, { how: 'decided', at: event.at, by: event.by, decision: event.decision, actions: event.actions, stage: event.stage }, event.actionReminders);
  }
}

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

function closed(s: OpenDispute, closure: Extract<Dispute, { status: 'closed' }>['closure'], actionReminders: ActionReminder[] = []): Dispute {
  const { deadline: _none, attention: _checks, ...rest } = s;
  return { ...rest, status: 'closed', closure, ...(actionReminders.length ? { actionReminders } : {}) };
}

/** Rebuild a dispute from its history. */
/** Conversation records the state keeps in full; older ones are in the history, and counted. */
export const RECENT_RECORDS = 10;

/** Every conversation record in a history, earliest first. */
export function recordsIn(events: readonly DisputeEvent[]): ConversationRecord[] {
  return events.flatMap((e) => (e.type === 'conversation-recorded' ? [e.record] : []));
}

/** The dispute as its whole history tells it: the state, with every conversation record. */
export function wholeDispute(events: readonly DisputeEvent[]): Dispute {
  const state = replay(events);
  if (!state) throw new Error('An empty history has no dispute');
  return { ...state, records: recordsIn(events) };
}

export function replay(events: readonly DisputeEvent[]): DisputeState {
  return events.reduce<DisputeState>((state, event) => evolve(state, event), null);
}
