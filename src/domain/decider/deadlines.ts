import type { Dispute, Instant, PendingDeadline } from '../dispute';
import { clockOf, levelAt, Protocol, StageNumber } from '../protocol';
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
 * A part of the way through a level's timescale (0.5: half way). Working time, as the timescale
 * is counted in working days; clock time once a child is at immediate risk, as the timescale
 * then is clock hours.
 */
export function partWayOf(d: Pick<Clocked, 'immediateRisk'>, from: Date, due: Date, part: number, ctx: DecideContext): Date {
  return d.immediateRisk ? new Date(from.getTime() + (due.getTime() - from.getTime()) * part) : ctx.calendar.workingPartWay(from, due, part);
}

/** Which of a level's reminders a moment is: part of the way through, or the protocol's working hours before the deadline. */
export function reminderKind(d: Pick<Clocked, 'immediateRisk' | 'protocol'>, reminder: Instant, due: Instant, ctx: DecideContext): 'half-way' | 'two-hours-left' {
  const before = clockOf(d.protocol).reminders.workingHoursBefore;
  return !d.immediateRisk && before > 0 && iso(ctx.calendar.subtractWorkingHours(new Date(due), before)) === reminder ? 'two-hours-left' : 'half-way';
}

/**
 * The protocol's reminders (by default half way to a deadline, and two working hours before it),
 * when they fall between the level's start and its deadline and are still to come (a level may
 * have started in the past). Once a child is at immediate risk, only the part-way one.
 */
function remindersFor(d: Pick<Clocked, 'immediateRisk' | 'protocol'>, from: Date, due: Date, ctx: DecideContext, now: Date = from): Instant[] {
  const { partWay, workingHoursBefore } = clockOf(d.protocol).reminders;
  const candidates = [
    ...(partWay > 0 ? [partWayOf(d, from, due, partWay, ctx)] : []),
    ...(!d.immediateRisk && workingHoursBefore > 0 ? [ctx.calendar.subtractWorkingHours(due, workingHoursBefore)] : []),
  ];
  const times = candidates.filter((t) => t > from && t > now && t < due).map((t) => t.getTime());
  return [...new Set(times)].sort((a, b) => a - b).map((t) => new Date(t).toISOString());
}

/** A level's pending deadline from its start: its due moment, capped by a protective date, with its reminders. */
export function stageDeadline(d: Clocked, stage: StageNumber, from: Date, ctx: DecideContext, cap?: Date, now: Date = from): PendingDeadline {
  const due = earlier(stageDue(d, stage, from, ctx), cap);
  return { kind: 'stage', stage, due: iso(due), reminders: remindersFor(d, from, due, ctx, now) };
}

/** The same deadline moved sooner (immediate risk, a protective date), its reminders recomputed. */
export function shortened(d: Pick<Clocked, 'immediateRisk' | 'protocol'>, deadline: PendingDeadline, due: Date, from: Date, ctx: DecideContext): PendingDeadline {
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
