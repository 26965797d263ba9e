import type { AgreedAction, Dispute, Instant, Meeting, OpenDispute } from '../dispute';
import type { Decision, DisputeEvent, Effect } from '../messages';
import { standingMeetings } from '../dispute';
import { evolveClock } from '../evolve';
import { owingNextStep, parties } from '../roles';
import { clockOf } from '../protocol';
import { attentionReached } from './attention';
import { accept, Context, iso, refuse } from './context';
import { reminderKind } from './deadlines';
import { levelRanOut } from './stages';

/**
 * The protocol's clock as data: every moment a dispute is waiting for is a timer of some kind,
 * read from what the dispute holds. The store indexes the earliest (`nextTimer`), the scheduler
 * reports it, and `clockReached` dispatches by kind. A new due date is a new kind here: what it
 * waits for, what passes it over, and what it does.
 */
export interface Timer {
  kind: TimerKind;
  at: Instant;
}

interface TimerKindSpec {
  /** The moments of this kind the dispute is waiting for. */
  pending(d: Dispute): Instant[];
  /** Kinds whose moment, also passed, makes this one pointless (after downtime); its event clears this one. */
  passedOverBy?: readonly string[];
  /** What the moment does, on the dispute as it stands when it comes. */
  fire(d: Dispute, at: Instant, now: Date, ctx: Context): Decision;
}

const open = (d: Dispute): d is OpenDispute => d.status !== 'closed';

/**
 * Meetings whose convener has yet to be asked for the record, each with the moment they are
 * asked: once it has ended, and no sooner than the protocol's minutes after it began.
 */
const toAsk = (d: OpenDispute): { meeting: Meeting; at: Instant }[] =>
  standingMeetings(d).filter((m) => !m.record && !m.recordAsked).map((meeting) => {
    const after = Math.max(meeting.minutes ?? 0, clockOf(d.protocol).meetingRecord.askAfterMinutes);
    return { meeting, at: iso(new Date(new Date(meeting.at).getTime() + after * 60_000)) };
  });

/** The kinds, in the order they act within one instant: the next tier before a reminder it coincides with, the deadline last. */
const KINDS = {
  /** Those a level brought in have not said they have seen it: remind them. */
  'seen-check': {
    pending: (d) => (open(d) && d.attention?.remindAt ? [d.attention.remindAt] : []),
    passedOverBy: ['next-tier'],
    fire: (d, _at, now, ctx) => attentionReached(d as OpenDispute, 'seen-check', now, ctx),
  },
  /** Half the level's timescale with a side still silent: bring in their cover or their next tier. */
  'next-tier': {
    pending: (d) => (open(d) && d.attention?.nextTierAt ? [d.attention.nextTierAt] : []),
    fire: (d, _at, now, ctx) => attentionReached(d as OpenDispute, 'next-tier', now, ctx),
  },
  /** Half way, and two working hours before the deadline: remind whoever owes the next step. */
  reminder: {
    pending: (d) => (open(d) ? d.deadline.reminders ?? [] : []),
    passedOverBy: ['reminder', 'deadline'],
    fire: (d, at, now, ctx) => {
      const s = d as OpenDispute;
      return accept(
        [{ type: 'reminder-sent', at: iso(now), reminder: at }],
        [{ type: 'post-to-thread', notice: { kind: 'deadline-reminder', stage: s.stage, due: s.deadline.due, which: reminderKind(s, at, s.deadline.due, ctx) }, mention: owingNextStep(s) }],
      );
    },
  },
  /** A meeting has begun: ask its convener to record it once it ends. */
  'meeting-record': {
    pending: (d) => (open(d) ? toAsk(d).map((a) => a.at) : []),
    fire: (d, at, now, ctx) => {
      const s = d as OpenDispute;
      const meeting = toAsk(s).find((a) => a.at === at)?.meeting;
      if (!meeting) return refuse('stale', 'That meeting has already been asked about.');
      const chaseAt = iso(ctx.calendar.addWorkingDays(new Date(at), clockOf(s.protocol).meetingRecord.chaseAfterWorkingDays));
      return accept([{ type: 'meeting-record-asked', at: iso(now), meetingAt: meeting.at, chaseAt }], [{ type: 'notify-person', to: meeting.convenedBy, notice: { kind: 'meeting-record-due', meetingAt: meeting.at } }]);
    },
  },
  /** A meeting still not recorded a working day after it: chase, as any silence is. */
  'meeting-chase': {
    pending: (d) => (open(d) ? standingMeetings(d).flatMap((m) => (!m.record && m.recordAsked && !m.recordChased ? [m.recordAsked.chaseAt] : [])) : []),
    fire: (d, at, now) => {
      const s = d as OpenDispute;
      const meeting = standingMeetings(s).find((m) => !m.record && !m.recordChased && m.recordAsked?.chaseAt === at);
      if (!meeting) return refuse('stale', 'That meeting has already been recorded or chased.');
      return accept(
        [{ type: 'meeting-record-chased', at: iso(now), meetingAt: meeting.at }],
        [{ type: 'post-to-thread', notice: { kind: 'meeting-record-overdue', meetingAt: meeting.at }, mention: [meeting.convenedBy] }, { type: 'notify-person', to: meeting.convenedBy, notice: { kind: 'meeting-record-overdue', meetingAt: meeting.at } }],
      );
    },
  },
  /** The level's timescale, or the time to remind whoever decides. */
  deadline: {
    pending: (d) => (open(d) ? [d.deadline.due] : []),
    fire: (d, _at, now, ctx) => levelRanOut(d as OpenDispute, now, ctx),
  },
  /** After closure, the morning an agreed action falls due: remind its owner. */
  'action-due': {
    pending: (d) => (open(d) ? [] : [...new Set((d.actionReminders ?? []).map((r) => r.due))]),
    fire: (d, at, now) => {
      if (open(d)) return refuse('stale', 'That reminder has already been sent.');
      const actions = d.closure.how === 'agreed' ? d.closure.proposal.actions : d.closure.how === 'decided' ? d.closure.actions : [];
      const due = (d.actionReminders ?? []).filter((r) => r.due === at).map((r) => actions[r.action]).filter((a): a is AgreedAction => Boolean(a));
      const effects: Effect[] = due.map((a) => ({
        type: 'post-to-thread',
        notice: { kind: 'action-due', ...(a.ownerRef ? { owner: a.ownerRef.name } : {}) },
        mention: a.ownerRef ? [a.ownerRef] : parties(d),
      }));
      return accept([{ type: 'action-reminded', at: iso(now), due: at }], effects);
    },
  },
} satisfies Record<string, TimerKindSpec>;

export type TimerKind = keyof typeof KINDS;
const ORDER = Object.keys(KINDS) as TimerKind[];

/** Every moment the clock has yet to act at for a dispute, in order. */
export function timersOf(d: Dispute): Timer[] {
  return ORDER.flatMap((kind) => KINDS[kind].pending(d).map((at) => ({ kind, at })))
    .sort((x, y) => x.at.localeCompare(y.at) || ORDER.indexOf(x.kind) - ORDER.indexOf(y.kind));
}

/** The earliest moment the clock acts at for a dispute: what the store indexes and the sweep finds due. */
export function nextTimer(d: Dispute): Instant | undefined {
  return timersOf(d)[0]?.at;
}

/**
 * The first moment to act on now. One that a later moment, also passed, makes pointless is
 * passed over (after downtime: a half-way reminder when the deadline has gone too, or a reminder
 * to say they have seen it once the next tier is due); the later moment's event clears it. The
 * chase of a body that has not confirmed receipt is never passed over: it tells those who
 * referred the dispute, which still matters after the level's deadline.
 */
function nextToFire(d: Dispute, now: Date): Timer | undefined {
  const passed = timersOf(d).filter((t) => new Date(t.at) <= now);
  return passed.find((t, i) => {
    const over: readonly string[] = (KINDS[t.kind] as TimerKindSpec).passedOverBy ?? [];
    return !passed.slice(i + 1).some((later) => over.includes(later.kind));
  });
}

/**
 * The protocol's clock reports a moment it read as due. Every moment that has passed is dealt
 * with, oldest first, as it would have been on time, in one decision: after downtime the next
 * tier is still brought in, the body still chased and the deadline still met, each recorded;
 * only reminders that no longer help are dropped.
 */
export function clockReached(state: Dispute, c: { due: Instant; now: Date }, ctx: Context): Decision {
  if (!timersOf(state).some((t) => t.at === c.due)) return refuse('stale', 'That deadline has already been dealt with.');
  if (c.now < new Date(c.due)) return refuse('not-due', 'That deadline has not been reached yet.');
  const events: DisputeEvent[] = [];
  const effects: Effect[] = [];
  let current: Dispute = state;
  // Each step moves a moment on; the bound is a safety net against a protocol that never ends a level.
  for (let step = 0; step < 50; step++) {
    const timer = nextToFire(current, c.now);
    if (!timer) break;
    const decision = KINDS[timer.kind].fire(current, timer.at, c.now, ctx);
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
