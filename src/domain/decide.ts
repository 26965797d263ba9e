import { protocolVersion } from './protocols';
import { routeOf, stageOf, StageNumber } from './protocol';
import { ActionReminder, Actor, AgreedAction, Dispute, DisputeState, Instant, OpenDispute, PendingDeadline, PersonRef, Role, SIDES, SideName, THEMES, isOpen } from './dispute';
import type { Command, CommandBody, Decision, DisputeEvent, Effect, Notice, Refusal, RefusalCode } from './messages';
import { managersInvolved, owingNextStep, parties, peopleAtStage, requiredConfirmers, samePerson } from './roles';
import type { WorkingCalendar } from './working-days';

export interface DecideContext {
  calendar: WorkingCalendar;
}

type Of<K extends CommandBody['kind']> = Extract<Command, { kind: K }>;
type Handler<K extends CommandBody['kind']> = (state: OpenDispute, command: Of<K>, ctx: DecideContext) => Decision;

const iso = (d: Date): Instant => d.toISOString();

function refuse(code: RefusalCode, message: string): Decision {
  return { ok: false, refusal: { code, message } };
}

function accept(events: DisputeEvent[], effects: Effect[] = []): Decision {
  return { ok: true, events, effects };
}

const nothingToDo = (): Decision => accept([]);

const blank = (text: string | undefined): boolean => !text || !text.trim();

function person(actor: PersonRef): PersonRef {
  const { id, name, aadObjectId } = actor;
  return aadObjectId ? { id, name, aadObjectId } : { id, name };
}

function post(notice: Notice, mention: PersonRef[] = []): Effect[] {
  return [{ type: 'post-to-thread', notice, mention }, { type: 'refresh-thread-card' }];
}

/* ---------- Deadlines ---------- */

const earlier = (a: Date, b: Date | undefined): Date => (b && b < a ? b : a);

/** The due moment of a stage that starts now: working days, or clock hours once a child is at immediate risk. */
export function stageDue(dispute: Pick<Dispute, 'protocol' | 'immediateRisk'>, stage: StageNumber, from: Date, ctx: DecideContext): Date {
  if (dispute.immediateRisk) return new Date(from.getTime() + dispute.protocol.urgent.hoursPerStage * 3_600_000);
  return ctx.calendar.addWorkingDays(from, dispute.protocol.timescales[stage]);
}

/**
 * Half way to a stage deadline, and two working hours before it, when those fall between the
 * stage's start and its deadline and are still to come (a stage may have started in the past).
 */
function remindersFor(dispute: Pick<Dispute, 'immediateRisk'>, from: Date, due: Date, ctx: DecideContext, now: Date = from): Instant[] {
  const halfway = new Date((from.getTime() + due.getTime()) / 2);
  const candidates = dispute.immediateRisk ? [halfway] : [ctx.calendar.nextWorkingHour(halfway), ctx.calendar.subtractWorkingHours(due, 2)];
  const times = candidates.filter((t) => t > from && t > now && t < due).map((t) => t.getTime());
  return [...new Set(times)].sort((a, b) => a - b).map((t) => new Date(t).toISOString());
}

/** A stage's pending deadline from its start: its due moment, capped by a protective date, with its reminders. */
function stageDeadline(dispute: Pick<Dispute, 'protocol' | 'immediateRisk'>, stage: StageNumber, from: Date, ctx: DecideContext, cap?: Date, now: Date = from): PendingDeadline {
  const due = earlier(stageDue(dispute, stage, from, ctx), cap);
  return { kind: 'stage', stage, due: iso(due), reminders: remindersFor(dispute, from, due, ctx, now) };
}

/** The same stage deadline moved sooner (immediate risk, a protective date), its reminders recomputed. */
function shortened(dispute: Pick<Dispute, 'immediateRisk'>, deadline: PendingDeadline, due: Date, from: Date, ctx: DecideContext): PendingDeadline {
  if (deadline.kind !== 'stage') return { ...deadline, due: iso(due) };
  return { ...deadline, due: iso(due), reminders: remindersFor(dispute, from, due, ctx) };
}

function decisionReminder(dispute: Dispute, now: Date, ctx: DecideContext): PendingDeadline {
  const hours = dispute.immediateRisk ? Math.min(dispute.protocol.urgent.hoursPerStage, dispute.protocol.decisionReminderHours) : dispute.protocol.decisionReminderHours;
  const next = new Date(now.getTime() + hours * 3_600_000);
  return { kind: 'decision', stage: dispute.stage, due: iso(dispute.immediateRisk ? next : ctx.calendar.nextWorkingHour(next)) };
}

/* ---------- Who may do what ---------- */

const isParty = (role: Role): role is Extract<Role, { kind: 'party' }> => role.kind === 'party';
const isManager = (role: Role): role is Extract<Role, { kind: 'manager' }> => role.kind === 'manager';
const isEntitled = (state: Dispute, role: Role): boolean =>
  isParty(role) || isManager(role) || (role.kind === 'secretariat' && state.stage === 4);

/**
 * A manager who carries the current stage: the people brought in at it (first-line managers at
 * Stage 2, senior managers at Stage 3, or whoever carries the level where a chain is exhausted).
 */
function leadsStage(state: Dispute, actor: Actor): boolean {
  return isManager(actor.role) && state.stage > 1 && state.stage < 4 && peopleAtStage(state, state.stage).some((p) => samePerson(p, actor.id));
}

/** Who decides a professional's request to escalate at Stage 1: their first-line manager, or who carries that level. */
function stageOneApprovers(state: Dispute, side: SideName): PersonRef[] {
  const s = state.sides[side];
  return s.firstLine.length ? s.firstLine : s.senior;
}

/** Who may approve or decline a move to the next stage now, or why nobody may. */
function escalationApprover(state: OpenDispute, actor: Actor): Refusal | null {
  if (state.stage === 4) return { code: 'wrong-state', message: 'This dispute is already with the Safeguarding Partnership (Stage 4).' };
  if (state.stage === 1) {
    const request = state.escalationRequest;
    if (!request) return { code: 'wrong-state', message: 'Neither professional has asked to escalate at Stage 1.' };
    if (stageOneApprovers(state, request.side).some((p) => samePerson(p, actor.id))) return null;
    return { code: 'not-allowed', message: 'Only the manager of the professional who asked to escalate can decide this.' };
  }
  if (leadsStage(state, actor)) return null;
  return {
    code: 'not-allowed',
    message: state.stage === 2 ? 'Only the first-line managers can move this dispute to Stage 3.' : 'Only a senior manager can approve referral to the Safeguarding Partnership.',
  };
}

/* ---------- Moving between stages ---------- */

interface StageEntry {
  how: 'timescale-ran-out' | 'approved';
  /** When the stage begins: now for an approval, the previous stage's due moment when it ran out. */
  from: Date;
  by?: PersonRef;
  reason?: string;
  cap?: Date;
}

function enterStage(state: Dispute, stage: StageNumber, entry: StageEntry, now: Date, ctx: DecideContext): Decision {
  const { how, from, by, reason, cap } = entry;
  const deadline = stageDeadline(state, stage, from, ctx, cap, now);
  const event: DisputeEvent = {
    type: 'stage-entered', at: iso(now), stage, how, deadline,
    ...(from.getTime() !== now.getTime() ? { enteredAt: iso(from) } : {}),
    ...(by ? { by } : {}),
    ...(reason ? { reason } : {}),
  };
  const next: Dispute = { ...state, stage };
  const mention = peopleAtStage(next, stage);
  const effects: Effect[] = post({ kind: 'stage-entered', stage, ...(by ? { approvedBy: by.name, withReason: Boolean(reason) } : {}) }, mention);
  if (stage === 4 && routeOf(protocolVersion(state.protocol.id, state.protocol.version), state.route).finalResolver === 'partnership-board') {
    effects.push({ type: 'send-written-account', mention: state.secretariat });
  }
  return accept([event], effects);
}

/* ---------- Handlers, one per command ---------- */

/** One reminder per agreed action with a readable date, at the start of its working day, if still to come. */
function actionReminders(actions: AgreedAction[], now: Date, ctx: DecideContext): ActionReminder[] {
  return actions
    .flatMap((a, action) => (/^\d{4}-\d{2}-\d{2}$/.test(a.due) ? [{ due: iso(ctx.calendar.nextWorkingHour(new Date(`${a.due}T00:00:00Z`))), action }] : []))
    .filter((r) => new Date(r.due) > now)
    .sort((a, b) => a.due.localeCompare(b.due));
}

/** After closure the clock still reminds each action's owner when it falls due. */
function decideActionDue(state: Extract<Dispute, { status: 'closed' }>, c: Of<'deadline-reached'>): Decision {
  if (c.actor.role.kind !== 'system') return refuse('not-allowed', 'Only the protocol clock reports a deadline.');
  const next = state.actionReminders?.[0];
  if (!next || c.due !== next.due) return refuse('stale', 'That reminder has already been sent.');
  if (c.now < new Date(next.due)) return refuse('not-due', 'That reminder is not due yet.');
  const actions = state.closure.how === 'agreed' ? state.closure.proposal.actions : state.closure.how === 'decided' ? state.closure.actions : [];
  const dueNow = (state.actionReminders ?? []).filter((r) => r.due === next.due).map((r) => actions[r.action]).filter((a): a is AgreedAction => Boolean(a));
  const effects: Effect[] = dueNow.map((a) => ({
    type: 'post-to-thread',
    notice: { kind: 'action-due', ...(a.ownerRef ? { owner: a.ownerRef.name } : {}) },
    mention: a.ownerRef ? [a.ownerRef] : parties(state),
  }));
  return accept([{ type: 'action-reminded', at: iso(c.now), due: next.due }], effects);
}

/** Closure themes are the one thing recorded after a dispute closes: by the two professionals. */
function decideThemes(state: Dispute, c: Of<'record-themes'>): Decision {
  if (state.status !== 'closed') return refuse('wrong-state', 'Themes are picked once the dispute has closed.');
  if (!isParty(c.actor.role)) return refuse('not-allowed', 'The two professionals pick the themes.');
  const themes = [...new Set(c.themes)];
  if (themes.length === 0 || themes.some((t) => !THEMES.includes(t))) return refuse('invalid', 'Pick at least one theme from the list.');
  const mine = state.themes?.filter((t) => t.by.id === c.actor.id).at(-1);
  if (mine && mine.themes.join() === themes.join()) return nothingToDo();
  return accept([{ type: 'themes-recorded', at: iso(c.now), by: person(c.actor), themes }], [{ type: 'refresh-thread-card' }]);
}

const handlers: { [K in Exclude<CommandBody['kind'], 'raise' | 'record-themes'>]: Handler<K> } = {
  'record-account': (state, c) => {
    if (!isParty(c.actor.role)) return refuse('not-allowed', 'Only the two professionals record an account.');
    if (blank(c.account.position)) return refuse('invalid', 'Say what your position is and why.');
    const side = c.actor.role.side;
    const other = state.sides[side === 'raiser' ? 'respondent' : 'raiser'].professional;
    return accept(
      [{ type: 'account-recorded', at: iso(c.now), by: person(c.actor), side, account: c.account }],
      post({ kind: 'account-recorded', side }, [other]),
    );
  },

  'record-conversation': (state, c) => {
    if (!isEntitled(state, c.actor.role)) return refuse('not-allowed', 'Only the parties, their managers and the secretariat add records.');
    const r = c.record;
    if (blank(r.discussed) || blank(r.participants)) return refuse('invalid', 'Say who took part and what was discussed.');
    if (r.corrects && !state.records.some((x) => x.id === r.corrects)) return refuse('invalid', 'The record to correct does not exist.');
    if (state.records.some((x) => x.id === r.id)) return nothingToDo();
    return accept(
      [{ type: 'conversation-recorded', at: iso(c.now), record: { ...r, by: person(c.actor), recordedAt: iso(c.now) } }],
      post({ kind: 'conversation-recorded' }),
    );
  },

  'request-escalation': (state, c) => {
    if (!isParty(c.actor.role)) return refuse('not-allowed', 'Only the two professionals can ask to escalate; managers escalate from their card.');
    if (state.stage === 4 || state.status !== 'open') return refuse('wrong-state', 'This dispute is already waiting for a decision to escalate.');
    if (state.escalationRequest) return refuse('wrong-state', 'An escalation request is already waiting for a manager.');
    if (blank(c.reason)) return refuse('invalid', 'Say why this cannot wait for the timescale to run out.');
    const side = c.actor.role.side;
    const approvers = state.stage === 1 ? state.sides[side].firstLine : peopleAtStage(state, state.stage);
    return accept(
      [{ type: 'escalation-requested', at: iso(c.now), by: person(c.actor), side, reason: c.reason }],
      post({ kind: 'escalation-requested', side }, approvers),
    );
  },

  'approve-escalation': (state, c, ctx) => {
    if (!isManager(c.actor.role)) return refuse('not-allowed', 'Only the managers involved decide escalation; ask your manager from your card.');
    // A second press, or another manager's press at the same time, finds the stage already moved on.
    if (c.fromStage !== state.stage) return nothingToDo();
    const refusal = escalationApprover(state, c.actor);
    if (refusal) return { ok: false, refusal };
    const cap = c.protectiveDeadline ? new Date(c.protectiveDeadline) : undefined;
    if (cap && !(cap > c.now)) return refuse('invalid', 'A child-protective date must be in the future.');
    const reason = c.reason?.trim() ?? '';
    return enterStage(state, (state.stage + 1) as StageNumber, { how: 'approved', from: c.now, by: person(c.actor), ...(reason ? { reason } : {}), ...(cap ? { cap } : {}) }, c.now, ctx);
  },

  'decline-escalation': (state, c, ctx) => {
    if (!isManager(c.actor.role)) return refuse('not-allowed', 'Only the managers involved decide escalation.');
    if (c.fromStage !== state.stage) return nothingToDo();
    const refusal = escalationApprover(state, c.actor);
    if (refusal) return { ok: false, refusal };
    // Someone else decided first (the request is gone, or the referral was already declined).
    if (!state.escalationRequest && state.status !== 'awaiting-referral-approval') return nothingToDo();
    if (blank(c.reason)) return refuse('invalid', 'Give the reason for declining; it is shown to both sides.');
    // Declining the referral keeps the senior managers working at Stage 3 on a fresh timescale.
    const deadline = state.status === 'awaiting-referral-approval' ? stageDeadline(state, 3, c.now, ctx) : undefined;
    const requester = state.escalationRequest ? [state.escalationRequest.by] : parties(state);
    return accept(
      [{ type: 'escalation-declined', at: iso(c.now), by: person(c.actor), reason: c.reason, ...(deadline ? { deadline } : {}) }],
      post({ kind: 'escalation-declined', by: c.actor.name }, requester),
    );
  },

  'manager-disagrees': (state, c) => {
    const role = c.actor.role;
    if (!isManager(role)) return refuse('not-allowed', 'Only a manager can record that they disagree with their own practitioner.');
    if (state.stage < 2) return refuse('wrong-state', 'Managers are involved from Stage 2.');
    if (blank(c.view)) return refuse('invalid', 'Say where your view differs from your practitioner\'s assessment.');
    const other = role.side === 'raiser' ? 'respondent' : 'raiser';
    return accept(
      [{ type: 'manager-disagreed', at: iso(c.now), by: person(c.actor), side: role.side, view: c.view }],
      post({ kind: 'manager-disagrees', side: role.side }, [state.sides[other].professional, ...peopleAtStage(state, 2)]),
    );
  },

  'convene-meeting': (state, c) => {
    const protocol = protocolVersion(state.protocol.id, state.protocol.version);
    if (!stageOf(protocol, state.stage).canConveneMeeting) return refuse('wrong-state', 'A Resolving Professional Disagreements Meeting is convened from Stage 3.');
    const allowed = state.stage === 4 ? c.actor.role.kind === 'secretariat' : leadsStage(state, c.actor);
    if (!allowed) return refuse('not-allowed', 'Only the senior managers (or, at Stage 4, the secretariat) convene the meeting.');
    if (!(new Date(c.at) > c.now)) return refuse('invalid', 'The meeting must be in the future.');
    if (c.attendees.length === 0) return refuse('invalid', 'Choose who should attend.');
    if (blank(c.location)) return refuse('invalid', 'Say where the meeting is held, or how to join it.');
    return accept(
      [{ type: 'meeting-convened', at: iso(c.now), by: person(c.actor), meetingAt: c.at, location: c.location, attendees: c.attendees }],
      post({ kind: 'meeting-convened', meetingAt: c.at }, c.attendees),
    );
  },

  'propose-outcome': (state, c) => {
    const confirmers = requiredConfirmers(state);
    const me = confirmers.find((p) => samePerson(p, c.actor.id));
    if (!me) return refuse('not-allowed', 'Only the professionals and the managers involved propose the agreed outcome.');
    if (blank(c.outcome)) return refuse('invalid', 'Write the agreed outcome.');
    const badAction = c.actions.find((a) => blank(a.description) || blank(a.owner) || blank(a.due));
    if (badAction) return refuse('invalid', 'Every action needs what, who and by when.');
    const proposal = {
      by: person(c.actor),
      at: iso(c.now),
      outcome: c.outcome,
      outstandingIssues: c.outstandingIssues,
      actions: c.actions,
      howPursued: c.howPursued,
      confirmedBy: [me.id],
    };
    return accept(
      [{ type: 'outcome-proposed', at: iso(c.now), proposal }],
      post({ kind: 'outcome-proposed' }, confirmers.filter((p) => p.id !== me.id)),
    );
  },

  'confirm-outcome': (state, c, ctx) => {
    if (!state.proposal) return refuse('wrong-state', 'There is no proposed outcome to confirm.');
    const confirmers = requiredConfirmers(state);
    const me = confirmers.find((p) => samePerson(p, c.actor.id));
    if (!me) return refuse('not-allowed', 'Only the professionals and the managers involved confirm the outcome.');
    if (state.proposal.confirmedBy.includes(me.id)) return nothingToDo();
    const confirmed = new Set([...state.proposal.confirmedBy, me.id]);
    const events: DisputeEvent[] = [{ type: 'outcome-confirmed', at: iso(c.now), by: person(c.actor), confirmerId: me.id }];
    if (!confirmers.every((p) => confirmed.has(p.id))) return accept(events, [{ type: 'refresh-thread-card' }]);
    events.push({ type: 'agreed', at: iso(c.now), actionReminders: actionReminders(state.proposal.actions, c.now, ctx) });
    return accept(events, post({ kind: 'closed', how: 'agreed' }, confirmers));
  },

  'request-changes': (state, c) => {
    if (!state.proposal) return refuse('wrong-state', 'There is no proposed outcome to change.');
    if (!requiredConfirmers(state).some((p) => samePerson(p, c.actor.id))) {
      return refuse('not-allowed', 'Only the professionals and the managers involved can ask for changes.');
    }
    if (blank(c.reason)) return refuse('invalid', 'Say what should change.');
    return accept(
      [{ type: 'outcome-changes-requested', at: iso(c.now), by: person(c.actor), reason: c.reason }],
      post({ kind: 'outcome-changes-requested' }, [state.proposal.by]),
    );
  },

  'deadline-reached': (state, c, ctx) => {
    if (c.actor.role.kind !== 'system') return refuse('not-allowed', 'Only the protocol clock reports a deadline.');
    const reminder = state.deadline.reminders?.[0];
    if (reminder !== undefined && c.due === reminder) {
      if (c.now < new Date(reminder)) return refuse('not-due', 'That reminder is not due yet.');
      // After downtime a reminder for a deadline that has already passed would only be noise.
      const late = c.now >= new Date(state.deadline.due);
      return accept(
        [{ type: 'reminder-sent', at: iso(c.now), reminder }],
        late ? [] : [{ type: 'post-to-thread', notice: { kind: 'deadline-reminder', stage: state.stage, due: state.deadline.due }, mention: owingNextStep(state) }],
      );
    }
    if (c.due !== state.deadline.due) return refuse('stale', 'That deadline has already been dealt with.');
    if (c.now < new Date(state.deadline.due)) return refuse('not-due', 'That deadline has not been reached yet.');
    // The next stage starts at the moment this one ran out, however late the clock noticed.
    if (state.deadline.kind === 'stage' && state.stage < 3) {
      return enterStage(state, (state.stage + 1) as StageNumber, { how: 'timescale-ran-out', from: new Date(state.deadline.due) }, c.now, ctx);
    }
    const deadline = decisionReminder(state, c.now, ctx);
    if (state.stage === 4) {
      return accept([{ type: 'decision-reminder-scheduled', at: iso(c.now), deadline }], post({ kind: 'board-decision-overdue' }, state.secretariat));
    }
    // Stage 3 has run out: Stage 4 needs a senior manager's approval. Remind until someone decides.
    const seniors = peopleAtStage(state, 3);
    if (state.status === 'awaiting-referral-approval') {
      return accept([{ type: 'decision-reminder-scheduled', at: iso(c.now), deadline }], post({ kind: 'referral-approval-needed', reminder: true }, seniors));
    }
    return accept([{ type: 'referral-approval-awaited', at: iso(c.now), deadline }], post({ kind: 'referral-approval-needed', reminder: false }, seniors));
  },

  'record-board-decision': (state, c, ctx) => {
    if (c.actor.role.kind !== 'secretariat') return refuse('not-allowed', 'Only the board secretariat records the panel\'s decision.');
    if (state.stage !== 4) return refuse('wrong-state', 'The panel decides at Stage 4.');
    if (blank(c.decision)) return refuse('invalid', 'Write the panel\'s or Independent Chair\'s decision.');
    const everyone = [...parties(state), ...managersInvolved(state)];
    return accept(
      [{ type: 'board-decided', at: iso(c.now), by: person(c.actor), decision: c.decision, actions: c.actions, actionReminders: actionReminders(c.actions, c.now, ctx) }],
      [...post({ kind: 'closed', how: 'decided' }, everyone), ...parties(state).map((to): Effect => ({ type: 'notify-person', to, notice: { kind: 'closed', how: 'decided' } }))],
    );
  },

  withdraw: (state, c) => {
    if (!(isParty(c.actor.role) && c.actor.role.side === 'raiser')) return refuse('not-allowed', 'Only the professional who raised the disagreement can withdraw it.');
    if (blank(c.reason)) return refuse('invalid', 'Give the reason for withdrawing; it is recorded and shown.');
    return accept(
      [{ type: 'withdrawn', at: iso(c.now), by: person(c.actor), reason: c.reason }],
      post({ kind: 'closed', how: 'withdrawn' }, [state.sides.respondent.professional, ...managersInvolved(state)]),
    );
  },

  'declare-immediate-risk': (state, c, ctx) => {
    if (!isEntitled(state, c.actor.role)) return refuse('not-allowed', 'Only the parties, their managers and the secretariat can declare this.');
    if (state.immediateRisk) return nothingToDo();
    const urgent = { protocol: state.protocol, immediateRisk: { declaredAt: iso(c.now), by: c.actor } };
    const urgentDue = stageDue(urgent, state.stage, c.now, ctx);
    const deadline = shortened(urgent, state.deadline, earlier(new Date(state.deadline.due), urgentDue), c.now, ctx);
    const everyone = [...parties(state), ...managersInvolved(state)];
    return accept(
      [{ type: 'immediate-risk-declared', at: iso(c.now), by: person(c.actor), deadline }],
      [{ type: 'show-emergency-route', mention: everyone, declaredBy: c.actor.name }, { type: 'refresh-thread-card' }],
    );
  },

  'stand-down-immediate-risk': (state, c, ctx) => {
    if (!isManager(c.actor.role)) return refuse('not-allowed', 'Only a manager involved in this dispute can record that the immediate risk has been dealt with.');
    if (!state.immediateRisk) return nothingToDo();
    if (blank(c.reason)) return refuse('invalid', 'Say how the immediate risk has been dealt with; it is recorded and shown to everyone involved.');
    // The working-day clock for the current stage starts again from now.
    const calm = { protocol: state.protocol };
    const deadline = state.deadline.kind === 'stage' ? stageDeadline(calm, state.stage, c.now, ctx) : decisionReminder({ ...state, immediateRisk: undefined } as Dispute, c.now, ctx);
    return accept(
      [{ type: 'immediate-risk-stood-down', at: iso(c.now), by: person(c.actor), reason: c.reason.trim(), deadline }],
      post({ kind: 'immediate-risk-stood-down', by: c.actor.name }, [...parties(state), ...managersInvolved(state)]),
    );
  },

  'set-protective-deadline': (state, c, ctx) => {
    if (!isEntitled(state, c.actor.role)) return refuse('not-allowed', 'Only the parties, their managers and the secretariat can set this.');
    const due = new Date(c.due);
    if (Number.isNaN(due.getTime()) || !(due > c.now)) return refuse('invalid', 'The date that protects the child must be in the future.');
    if (!(due < new Date(state.deadline.due))) return refuse('invalid', 'That is not sooner than the current deadline; the shorter timescale always applies.');
    const deadline = shortened(state, state.deadline, due, c.now, ctx);
    return accept(
      [{ type: 'protective-deadline-set', at: iso(c.now), by: person(c.actor), deadline }],
      post({ kind: 'protective-deadline', due: deadline.due }, [...parties(state), ...peopleAtStage(state, state.stage)]),
    );
  },

  'name-manager': (state, c) => {
    const role = c.actor.role;
    if (!isParty(role)) return refuse('not-allowed', 'Each professional names their own manager.');
    const side = state.sides[role.side];
    const list = c.level === 'first-line' ? side.firstLine : side.senior;
    const level = c.level === 'first-line' ? 'first-line manager' : 'senior manager';
    if (list.some((p) => samePerson(p, c.manager.id))) return nothingToDo();
    // Only a missing manager is named: a known one is never replaced from a card.
    if (list.length > 0) return refuse('not-allowed', `Your ${level} for this dispute is already known (${list.map((p) => p.name).join(', ')}). If that is wrong, ask the partnership to correct its directory.`);
    if (parties(state).some((p) => samePerson(p, c.manager.id))) return refuse('invalid', 'Name your manager, not one of the two professionals.');
    if (c.manager.agency !== side.agency) return refuse('invalid', `Name a manager in your own agency (${side.agency}); ${c.manager.name} is in ${c.manager.agency}.`);
    if (!c.manager.levels.includes(c.level)) return refuse('invalid', `${c.manager.name} is not listed in the partnership directory as a ${level}.`);
    const manager = person(c.manager);
    const involvedNow = (c.level === 'first-line' && state.stage >= 2) || (c.level === 'senior' && state.stage >= 3);
    const lead = state.designatedLead && !samePerson(state.designatedLead, manager.id) ? [state.designatedLead] : [];
    return accept(
      [{ type: 'manager-named', at: iso(c.now), by: person(c.actor), side: role.side, level: c.level, manager }],
      [
        ...post({ kind: 'manager-named', side: role.side, level: c.level, manager: manager.name }, involvedNow ? [manager] : []),
        ...lead.map((to): Effect => ({ type: 'notify-person', to, notice: { kind: 'manager-named', side: role.side, level: c.level, manager: manager.name } })),
      ],
    );
  },

  'decide-conference-request': (state, c) => {
    const protocol = protocolVersion(state.protocol.id, state.protocol.version);
    if (!routeOf(protocol, state.route).decidesConferenceRequest) return refuse('wrong-state', 'This route is not about a request for a Child Protection Conference.');
    const role = c.actor.role;
    if (!((isParty(role) || isManager(role)) && role.side === 'respondent')) {
      return refuse('not-allowed', 'Children\'s Social Care (the professional asked, or their manager) decides the request.');
    }
    if (!c.agreed && blank(c.reasons)) return refuse('invalid', 'A refusal must be recorded with its reasons.');
    return accept(
      [{ type: 'conference-request-decided', at: iso(c.now), by: person(c.actor), agreed: c.agreed, reasons: c.reasons }],
      post({ kind: 'conference-request-decided', agreed: c.agreed }, parties(state)),
    );
  },
};

/** Where a side has no first-line manager: ask its professional to name one, and tell the designated lead. */
function managerRequests(sides: Of<'raise'>['sides'], lead: PersonRef | undefined): Effect[] {
  return SIDES.filter((side) => sides[side].firstLine.length === 0).flatMap((side): Effect[] => [
    { type: 'notify-person', to: sides[side].professional, notice: { kind: 'manager-needed', side } },
    ...(lead ? [{ type: 'notify-person', to: lead, notice: { kind: 'manager-missing', side } } as Effect] : []),
  ]);
}

function decideRaise(state: DisputeState, c: Of<'raise'>, ctx: DecideContext): Decision {
  if (state !== null) return refuse('wrong-state', 'This dispute has already been raised.');
  const { sides } = c;
  if (!samePerson(sides.raiser.professional, c.actor.id)) return refuse('not-allowed', 'Only the professional raising the disagreement can raise it.');
  if (samePerson(sides.respondent.professional, sides.raiser.professional.id)) return refuse('invalid', 'Choose the other professional, not yourself.');
  if (sides.raiser.agency.trim().toLowerCase() === sides.respondent.agency.trim().toLowerCase()) {
    return refuse('invalid', 'This protocol is for disagreements between agencies; for a disagreement within your agency, follow your in-house procedure.');
  }
  const protocol = protocolVersion(c.protocol.id, c.protocol.version);
  if (!protocol.routes.some((r) => r.id === c.route)) return refuse('invalid', `The ${protocol.name} has no route "${c.route}".`);
  const { immediateRisk, designatedLead, kind: _kind, actor, now, ...raise } = c;
  const at = iso(now);
  const firstDeadline = stageDeadline({ protocol: c.protocol }, 1, now, ctx);
  const events: DisputeEvent[] = [
    { type: 'raised', at, by: person(actor), ...raise, ...(designatedLead ? { designatedLead } : {}), firstDeadline, writtenAccountDue: iso(ctx.calendar.endOfSameWorkingDay(now)) },
  ];
  const both = [sides.raiser.professional, sides.respondent.professional];
  const effects: Effect[] = [
    { type: 'open-thread', mention: both },
    ...both.map((to): Effect => ({ type: 'notify-person', to, notice: { kind: 'dispute-raised' } })),
    ...managerRequests(sides, designatedLead),
  ];
  if (immediateRisk) {
    const urgent = { protocol: c.protocol, immediateRisk: { declaredAt: at, by: person(actor) } };
    const deadline = shortened(urgent, firstDeadline, earlier(new Date(firstDeadline.due), stageDue(urgent, 1, now, ctx)), now, ctx);
    events.push({ type: 'immediate-risk-declared', at, by: person(actor), deadline });
    effects.push({ type: 'show-emergency-route', mention: both, declaredBy: actor.name });
  }
  return accept(events, effects);
}

/**
 * Decide what a command does to a dispute: events to record and effects for the edges, or
 * a refusal a person can read. Pure: time and the calendar come in; nothing is read.
 */
export function decide(state: DisputeState, command: Command, ctx: DecideContext): Decision {
  if (command.kind === 'raise') return decideRaise(state, command, ctx);
  if (state === null) return refuse('wrong-state', 'There is no such dispute.');
  if (command.kind === 'record-themes') return decideThemes(state, command);
  if (command.kind === 'deadline-reached' && state.status === 'closed') return decideActionDue(state, command);
  if (!isOpen(state)) return refuse('wrong-state', `Dispute ${state.reference} is closed; nothing more can be changed.`);
  if (command.actor.role.kind === 'outsider') return refuse('not-allowed', `You are not a party to ${state.reference}, nor one of their managers.`);
  const handler = handlers[command.kind] as Handler<typeof command.kind>;
  return handler(state, command as never, ctx);
}

