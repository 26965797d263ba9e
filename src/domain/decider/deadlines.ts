import type { Dispute, Instant, PendingDeadline } from '../dispute';
import { levelAt, Protocol, StageNumber } from '../protocol';
import type { DecideContext } from './context';
import { iso } from './context';

/** What the clock needs of a dispute (or of one being raised). */
export type Clocked = { protocol: Protocol; immediateRisk?: Dispute['immediateRisk']; raisedAt: Instant };

export const earlier = (a: Date, b: Date | undefined): Date => (b && b < a ? b : a);

/** The moment the whole dispute must be finished by, where the protocol sets one. */
function overallCap(d: Clocked, ctx: DecideContext): Date | undefined {
  const days = d.protocol.completeWithinWorkingDays;
  return days ? ctx.calendar.addWorkingDays(new Date(d.raisedAt), days) : undefined;
}

/** The due moment of a level that starts now: its working days, or clock hours once a child is at immediate risk. */
export function stageDue(d: Clocked, stage: StageNumber, from: Date, ctx: DecideContext): Date {
  const due = d.immediateRisk
    ? new Date(from.getTime() + d.protocol.urgent.hoursPerStage * 3_600_000)
    : ctx.calendar.addWorkingDays(from, levelAt(d.protocol, stage).workingDays);
  return earlier(due, overallCap(d, ctx));
}

/**
 * Half way through a level's timescale. Working time, as the timescale is counted in working
 * days; clock time once a child is at immediate risk, as the timescale then is clock hours.
 */
export function halfwayOf(d: Pick<Clocked, 'immediateRisk'>, from: Date, due: Date, ctx: DecideContext): Date {
  return d.immediateRisk ? new Date((from.getTime() + due.getTime()) / 2) : ctx.calendar.workingHalfway(from, due);
}

/** Which of a level's reminders a moment is: half way, or two working hours before the deadline. */
export function reminderKind(d: Pick<Clocked, 'immediateRisk'>, reminder: Instant, due: Instant, ctx: DecideContext): 'half-way' | 'two-hours-left' {
  return !d.immediateRisk && iso(ctx.calendar.subtractWorkingHours(new Date(due), 2)) === reminder ? 'two-hours-left' : 'half-way';
}

/**
 * Half way to a deadline, and two working hours before it, when those fall between the level's
 * start and its deadline and are still to come (a level may have started in the past).
 */
function remindersFor(d: Pick<Clocked, 'immediateRisk'>, from: Date, due: Date, ctx: DecideContext, now: Date = from): Instant[] {
  const halfway = halfwayOf(d, from, due, ctx);
  const candidates = d.immediateRisk ? [halfway] : [halfway, ctx.calendar.subtractWorkingHours(due, 2)];
  const times = candidates.filter((t) => t > from && t > now && t < due).map((t) => t.getTime());
  return [...new Set(times)].sort((a, b) => a - b).map((t) => new Date(t).toISOString());
}

/** A level's pending deadline from its start: its due moment, capped by a protective date, with its reminders. */
export function stageDeadline(d: Clocked, stage: StageNumber, from: Date, ctx: DecideContext, cap?: Date, now: Date = from): PendingDeadline {
  const due = earlier(stageDue(d, stage, from, ctx), cap);
  return { kind: 'stage', stage, due: iso(due), reminders: remindersFor(d, from, due, ctx, now) };
}

/** The same deadline moved sooner (immediate risk, a protective date), its reminders recomputed. */
export function shortened(d: Pick<Clocked, 'immediateRisk'>, deadline: PendingDeadline, due: Date, from: Date, ctx: DecideContext): PendingDeadline {
  if (deadline.kind !== 'stage') return { ...deadline, due: iso(due) };
  return { ...deadline, due: iso(due), reminders: remindersFor(d, from, due, ctx) };
}

/** A deadline shortened to clock hours now that a child is at immediate risk, if that is sooner. */
export function urgentDeadline(urgent: Clocked, deadline: PendingDeadline, stage: StageNumber, now: Date, ctx: DecideContext): PendingDeadline {
  return shortened(urgent, deadline, earlier(new Date(deadline.due), stageDue(urgent, stage, now, ctx)), now, ctx);
}

/** The next reminder while a decision or an approval is awaited: clock hours when urgent, else working hours. */
export function decisionReminder(d: Pick<Dispute, 'protocol' | 'immediateRisk' | 'stage'>, now: Date, ctx: DecideContext): PendingDeadline {
  const next = d.immediateRisk
    ? new Date(now.getTime() + Math.min(d.protocol.urgent.hoursPerStage, d.protocol.decisionReminderHours) * 3_600_000)
    : ctx.calendar.addWorkingHours(now, d.protocol.decisionReminderHours);
  return { kind: 'decision', stage: d.stage, due: iso(next) };
}
