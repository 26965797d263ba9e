import type { Dispute, Instant, OpenDispute, PersonRef } from '../dispute';
import type { Decision, DisputeEvent, Effect } from '../messages';
import { deciders, movers } from '../permissions';
import { isLastLevel, levelAt, StageNumber } from '../protocol';
import { everyoneInvolved, leadsOf, owingNextStep } from '../roles';
import { accept, Context, iso, post, refuse } from './context';
import { decisionReminder, reminderKind, stageDeadline } from './deadlines';
import { attentionFor, attentionReached, coversForAway, standInEffects } from './attention';
import { evolveClock } from '../evolve';

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
  const next = covers.reduce<Dispute>((d, e) => evolveClock(d, e), entered);
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

/** A moment the protocol's clock acts at, and what it is. */
interface Moment {
  at: Instant;
  kind: 'seen-check' | 'next-tier' | 'reminder' | 'deadline';
}

/** Order within one instant: the next tier before the reminder it coincides with, the deadline last. */
const ORDER: Record<Moment['kind'], number> = { 'seen-check': 0, 'next-tier': 1, reminder: 2, deadline: 3 };

/** Every moment the clock has yet to act at for a dispute, in order. */
function momentsOf(d: OpenDispute): Moment[] {
  const a = d.attention;
  const moments: Moment[] = [
    ...(a?.remindAt ? [{ at: a.remindAt, kind: 'seen-check' as const }] : []),
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
    if (m.kind === 'seen-check') return !later.some((l) => l.kind === 'next-tier');
    return true;
  });
}

/**
 * The protocol's clock reports a moment it read as due. Every moment that has passed is dealt
 * with, oldest first, as it would have been on time, in one decision: after downtime the next
 * tier is still brought in, the body still chased and the deadline still met, each recorded;
 * only reminders that no longer help are dropped.
 */
export function deadlineReached(state: OpenDispute, c: { due: Instant; now: Date }, ctx: Context): Decision {
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
    current = decision.events.reduce<Dispute>((d, e) => evolveClock(d, e), current);
  }
  if (events.length === 0) return refuse('stale', 'That deadline has already been dealt with.');
  // One refresh of the thread card says it all.
  const refresh = effects.some((e) => e.type === 'refresh-thread-card');
  return accept(events, [...effects.filter((e) => e.type !== 'refresh-thread-card'), ...(refresh ? [{ type: 'refresh-thread-card' as const }] : [])]);
}

/** What one moment does, on the state as it stands when it comes. */
function atMoment(state: OpenDispute, moment: Moment, now: Date, ctx: Context): Decision {
  if (moment.kind === 'seen-check' || moment.kind === 'next-tier') return attentionReached(state, moment.kind, now, ctx);
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
