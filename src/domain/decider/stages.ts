import type { Dispute, Instant, OpenDispute, PersonRef } from '../dispute';
import type { Decision, DisputeEvent, Effect } from '../messages';
import { deciders, describePeople, movers, requestDeciders, skippers, WHO } from '../permissions';
import { isLastLevel, levelAt, levelName, reachableLevels, StageNumber } from '../protocol';
import { everyoneInvolved, includes, leadsOf, owingNextStep, parties } from '../roles';
import { accept, blank, Context, Handler, iso, nothingToDo, Of, person, post, refuse, refused } from './context';
import { decisionReminder, reminderKind, stageDeadline } from './deadlines';
import { attentionFor, attentionReached, coversForAway, standInEffects } from './attention';
import { evolve } from '../evolve';

/* Stages and the clock: moving up the ladder, early or when a timescale runs out. */

interface StageEntry {
  how: 'timescale-ran-out' | 'approved';
  /** When the level begins: now for an approval, the previous level's due moment when it ran out. */
  from: Date;
  by?: PersonRef;
  reason?: string;
  cap?: Date;
  skipped?: StageNumber[];
}

/** Enter a level: its deadline, the people it brings in told, and the written account where the level asks for one. */
export function enterStage(state: Dispute, stage: StageNumber, entry: StageEntry, now: Date, ctx: Context): Decision {
  const { how, from, by, reason, cap, skipped } = entry;
  const deadline = stageDeadline(state, stage, from, ctx, cap, now);
  const entered: Dispute = { ...state, stage, stages: [...state.stages, { stage, enteredAt: iso(from), how, ...(by ? { by } : {}) }] };
  // Those away now are joined by their cover; the bot then checks that the level has been seen.
  const covers = coversForAway(entered, stage, now, ctx);
  const next = covers.reduce<Dispute>((d, e) => evolve(d, e), entered);
  const attention = attentionFor(next, stage, now > from ? now : from, new Date(deadline.due), ctx);
  const event: DisputeEvent = {
    type: 'stage-entered', at: iso(now), stage, how, deadline,
    ...(from.getTime() !== now.getTime() ? { enteredAt: iso(from) } : {}),
    ...(by ? { by } : {}),
    ...(reason ? { reason } : {}),
    ...(skipped?.length ? { skipped } : {}),
    ...(attention ? { attention } : {}),
  };
  const level = levelAt(ctx.protocol, stage);
  const leads = leadsOf(next, stage);
  // A meeting of all parties brings everyone in; otherwise the level's leads are told.
  const mention = level.meeting === 'all-parties' ? everyoneInvolved(next) : leads;
  const effects: Effect[] = post({ kind: 'stage-entered', stage, ...(by ? { approvedBy: by.name, withReason: Boolean(reason) } : {}), ...(skipped?.length ? { skipped } : {}) }, mention);
  if (level.writtenAccount) effects.push({ type: 'send-written-account', mention: leads, stage });
  return accept([event, ...covers], [...effects, ...standInEffects(covers)]);
}

export const requestEscalation: Handler<'request-escalation'> = (state, c, ctx) => {
  if (isLastLevel(ctx.protocol, state.stage) || state.status !== 'open') return refuse('wrong-state', 'This dispute is already waiting for a decision to move on.');
  if (state.escalationRequest) return refuse('wrong-state', 'An escalation request is already waiting for a manager.');
  if (blank(c.reason)) return refuse('invalid', 'Say why this cannot wait for the timescale to run out.');
  if (c.actor.role.kind !== 'party') return refused(WHO['request-escalation'](state, c.actor)!);
  if (includes(movers(state).people, c.actor)) return refuse('wrong-state', `You can move it to ${levelName(ctx.protocol, state.stage + 1)} yourself, from the card.`);
  const side = c.actor.role.side;
  return accept(
    [{ type: 'escalation-requested', at: iso(c.now), by: person(c.actor), side, reason: c.reason }],
    post({ kind: 'escalation-requested', side }, requestDeciders(state, side)),
  );
};

/** Where no level is entered at a professional's request, the professionals never move a dispute on themselves. */
function professionalNeverMoves(c: Of<'approve-escalation' | 'decline-escalation'>, ctx: Context): Decision | null {
  if (c.actor.role.kind !== 'party' || ctx.protocol.levels.some((l) => l.entry.by === 'request')) return null;
  return refuse('not-allowed', 'Only the managers involved decide escalation; ask your manager from your card.');
}

export const approveEscalation: Handler<'approve-escalation'> = (state, c, ctx) => {
  const never = professionalNeverMoves(c, ctx);
  if (never) return never;
  // A second press, or another person's press at the same time, finds the level already moved on.
  if (c.fromStage !== state.stage) return nothingToDo();
  if (isLastLevel(ctx.protocol, state.stage)) return refuse('wrong-state', `This dispute is at its last level (${levelName(ctx.protocol, state.stage)}).`);
  const target = c.toStage ?? state.stage + 1;
  if (!reachableLevels(ctx.protocol, state.stage).includes(target)) return refuse('invalid', `${levelName(ctx.protocol, target)} cannot be reached from here without passing a level that may not be skipped.`);
  const skipped = Array.from({ length: target - state.stage - 1 }, (_, i) => state.stage + 1 + i);
  const reason = c.reason?.trim() ?? '';
  if (skipped.length) {
    // Passing over levels is for those the protocol names for each level passed over, with a reason.
    for (const stage of skipped) {
      if (!includes(skippers(state, stage), c.actor)) {
        const spec = levelAt(ctx.protocol, stage).skip;
        return refuse('not-allowed', `Only ${spec ? describePeople(ctx.protocol, spec, stage) : 'nobody'} may pass over ${levelName(ctx.protocol, stage)}.`);
      }
    }
    if (!reason) return refuse('invalid', 'Give the reason for passing over a level; it is shown to everyone involved.');
  } else {
    const { people } = movers(state);
    if (people.length === 0 && levelAt(ctx.protocol, state.stage).lead.who === 'professionals' && !state.escalationRequest) {
      return refuse('wrong-state', 'Neither professional has asked to escalate yet.');
    }
    const notAllowed = WHO['approve-escalation'](state, c.actor);
    if (notAllowed) return refused(notAllowed);
  }
  const cap = c.protectiveDeadline ? new Date(c.protectiveDeadline) : undefined;
  if (cap && !levelAt(ctx.protocol, target).protectiveDate) return refuse('invalid', `A sooner date is not set when moving to ${levelName(ctx.protocol, target)}; use "A sooner date" on the card.`);
  if (cap && !(cap > c.now)) return refuse('invalid', 'A child-protective date must be in the future.');
  return enterStage(state, target, { how: 'approved', from: c.now, by: person(c.actor), ...(reason ? { reason } : {}), ...(cap ? { cap } : {}), skipped }, c.now, ctx);
};

export const declineEscalation: Handler<'decline-escalation'> = (state, c, ctx) => {
  const never = professionalNeverMoves(c, ctx);
  if (never) return never;
  if (c.fromStage !== state.stage) return nothingToDo();
  const notAllowed = WHO['decline-escalation'](state, c.actor);
  if (notAllowed) return refused(notAllowed);
  // Someone else decided first (the request is gone, or the move was already declined).
  if (!state.escalationRequest && state.status !== 'awaiting-approval') return nothingToDo();
  if (blank(c.reason)) return refuse('invalid', 'Give the reason for declining; it is shown to both sides.');
  // Declining a move the timescale asked for keeps the level working on a fresh timescale.
  const deadline = state.status === 'awaiting-approval' ? stageDeadline(state, state.stage, c.now, ctx) : undefined;
  const requester = state.escalationRequest ? [state.escalationRequest.by] : parties(state);
  return accept(
    [{ type: 'escalation-declined', at: iso(c.now), by: person(c.actor), reason: c.reason, ...(deadline ? { deadline } : {}) }],
    post({ kind: 'escalation-declined', by: c.actor.name }, requester),
  );
};

/** A moment the protocol's clock acts at, and what it is. */
interface Moment {
  at: Instant;
  kind: 'acknowledge' | 'next-tier' | 'reminder' | 'deadline';
}

/** Order within one instant: the next tier before the reminder it coincides with, the deadline last. */
const ORDER: Record<Moment['kind'], number> = { acknowledge: 0, 'next-tier': 1, reminder: 2, deadline: 3 };

/** Every moment the clock has yet to act at for a dispute, in order. */
function momentsOf(d: OpenDispute): Moment[] {
  const a = d.attention;
  const moments: Moment[] = [
    ...(a?.remindAt ? [{ at: a.remindAt, kind: 'acknowledge' as const }] : []),
    ...(a?.nextTierAt ? [{ at: a.nextTierAt, kind: 'next-tier' as const }] : []),
    ...(d.deadline.reminders ?? []).map((at) => ({ at, kind: 'reminder' as const })),
    { at: d.deadline.due, kind: 'deadline' },
  ];
  return moments.sort((x, y) => x.at.localeCompare(y.at) || ORDER[x.kind] - ORDER[y.kind]);
}

/**
 * The first moment to act on now. A reminder that a later moment, also passed, makes pointless is
 * passed over (after downtime: a half-way reminder when the deadline has gone too, or a reminder
 * to say they have seen it once the next tier is due); the later moment's event clears it. The
 * chase of a body that has not confirmed receipt is never passed over: it tells those who
 * referred the dispute, which still matters after the level's deadline.
 */
function nextMoment(d: OpenDispute, now: Date): Moment | undefined {
  const passed = momentsOf(d).filter((m) => new Date(m.at) <= now);
  return passed.find((m, i) => {
    const later = passed.slice(i + 1);
    if (m.kind === 'reminder') return !later.some((l) => l.kind === 'reminder' || l.kind === 'deadline');
    if (m.kind === 'acknowledge') return !later.some((l) => l.kind === 'next-tier');
    return true;
  });
}

/**
 * The protocol's clock reports a moment it read as due. Every moment that has passed is dealt
 * with, oldest first, as it would have been on time, in one decision: after downtime the next
 * tier is still brought in, the body still chased and the deadline still met, each recorded;
 * only reminders that no longer help are dropped.
 */
export const deadlineReached: Handler<'deadline-reached'> = (state, c, ctx) => {
  if (c.actor.role.kind !== 'system') return refuse('not-allowed', 'Only the protocol clock reports a deadline.');
  if (!momentsOf(state).some((m) => m.at === c.due)) return refuse('stale', 'That deadline has already been dealt with.');
  if (c.now < new Date(c.due)) return refuse('not-due', 'That deadline has not been reached yet.');
  const events: DisputeEvent[] = [];
  const effects: Effect[] = [];
  let current: Dispute = state;
  // Each step moves a moment on; the bound is a safety net against a protocol that never ends a level.
  for (let step = 0; step < 50 && current.status !== 'closed'; step++) {
    const moment = nextMoment(current, c.now);
    if (!moment) break;
    const decision = atMoment(current, moment, c.now, ctx);
    if (!decision.ok || decision.events.length === 0) {
      if (events.length === 0) return decision;
      break;
    }
    events.push(...decision.events);
    effects.push(...decision.effects);
    current = decision.events.reduce<Dispute>((d, e) => evolve(d, e), current);
  }
  if (events.length === 0) return refuse('stale', 'That deadline has already been dealt with.');
  // One refresh of the thread card says it all.
  const refresh = effects.some((e) => e.type === 'refresh-thread-card');
  return accept(events, [...effects.filter((e) => e.type !== 'refresh-thread-card'), ...(refresh ? [{ type: 'refresh-thread-card' as const }] : [])]);
};

/** What one moment does, on the state as it stands when it comes. */
function atMoment(state: OpenDispute, moment: Moment, now: Date, ctx: Context): Decision {
  if (moment.kind === 'acknowledge' || moment.kind === 'next-tier') return attentionReached(state, moment.kind, now, ctx);
  if (moment.kind === 'reminder') {
    return accept(
      [{ type: 'reminder-sent', at: iso(now), reminder: moment.at }],
      [{ type: 'post-to-thread', notice: { kind: 'deadline-reminder', stage: state.stage, due: state.deadline.due, which: reminderKind(state, moment.at, state.deadline.due, ctx) }, mention: owingNextStep(state) }],
    );
  }
  const next = state.stage + 1;
  // The next level starts at the moment this one ran out, however late the clock noticed.
  if (state.deadline.kind === 'stage' && !isLastLevel(ctx.protocol, state.stage) && levelAt(ctx.protocol, next).entry.by === 'timer') {
    return enterStage(state, next, { how: 'timescale-ran-out', from: new Date(state.deadline.due) }, now, ctx);
  }
  const deadline = decisionReminder(state, now, ctx);
  if (isLastLevel(ctx.protocol, state.stage)) {
    return accept([{ type: 'decision-reminder-scheduled', at: iso(now), deadline }], post({ kind: 'decision-overdue', stage: state.stage }, deciders(state)));
  }
  // The next level is entered only once someone approves or asks: remind them until they decide.
  const approvers = movers(state).people;
  if (state.status === 'awaiting-approval') {
    return accept([{ type: 'decision-reminder-scheduled', at: iso(now), deadline }], post({ kind: 'approval-needed', stage: next, reminder: true }, approvers));
  }
  return accept([{ type: 'approval-awaited', at: iso(now), deadline }], post({ kind: 'approval-needed', stage: next, reminder: false }, approvers));
}
