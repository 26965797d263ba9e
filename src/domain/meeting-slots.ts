import { DateTime } from 'luxon';
import type { WorkingCalendar } from './working-days';

/** A stretch of someone's calendar that is taken. */
export interface Busy {
  start: Date;
  end: Date;
}

const end = (at: Date, minutes: number): Date => new Date(at.getTime() + minutes * 60_000);

/** Whether a meeting lies wholly in one working day's hours (a weekday, not a bank holiday or closure, between its start and end). */
export function inWorkingHours(calendar: WorkingCalendar, at: Date, minutes: number): boolean {
  return Math.abs(calendar.workingHoursBetween(at, end(at, minutes)) * 60 - minutes) < 0.01;
}

export interface SlotOptions {
  /** Slots offered at most. */
  max: number;
  /** Slots offered on one day at most, so that the choice spans days. */
  perDay: number;
  /** Slots start on the hour and at this many minutes past it. */
  stepMinutes: number;
}

const DEFAULTS: SlotOptions = { max: 5, perDay: 2, stepMinutes: 30 };

/**
 * Times a meeting of `minutes` could start between `from` and `to` (it ends by `to`): in working
 * hours on working days, UK time, clear of everything `busy`, earliest first.
 */
export function freeSlots(calendar: WorkingCalendar, from: Date, to: Date, minutes: number, busy: readonly Busy[], options: Partial<SlotOptions> = {}): Date[] {
  const { max, perDay, stepMinutes } = { ...DEFAULTS, ...options };
  const step = stepMinutes * 60_000;
  const slots: Date[] = [];
  const onDay = new Map<string, number>();
  for (let t = Math.ceil(from.getTime() / step) * step; t + minutes * 60_000 <= to.getTime() && slots.length < max; t += step) {
    const at = new Date(t);
    if (!inWorkingHours(calendar, at, minutes)) continue;
    const finish = end(at, minutes);
    if (busy.some((b) => b.start < finish && at < b.end)) continue;
    const day = DateTime.fromJSDate(at, { zone: calendar.options.zone }).toISODate() ?? '';
    if ((onDay.get(day) ?? 0) >= perDay) continue;
    onDay.set(day, (onDay.get(day) ?? 0) + 1);
    slots.push(at);
  }
  return slots;
}
