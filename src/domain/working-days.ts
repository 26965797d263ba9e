import { DateTime, IANAZone } from 'luxon';
import table from './bank-holidays.json';

/**
 * The protocol's clock: working days in England and Wales, UK local time.
 *
 * Rule (4LSCB timescales): N working days after a moment is the same UK clock time on the
 * Nth working day after that day. A moment on a non-working day counts as the start of the
 * next working day. Holidays are a value (ISO dates), so the core stays deterministic; the
 * UK set comes from date-holidays, which knows the substitute days.
 */
export interface CalendarOptions {
  /** IANA zone the clock runs in. */
  zone: string;
  /** Extra closure days (ISO yyyy-mm-dd) on top of bank holidays, e.g. a partnership closure. */
  closures: readonly string[];
  /** Local time a working day starts, "HH:mm". */
  dayStart: string;
  /** Local time by which "the same working day" ends, "HH:mm". */
  dayEnd: string;
}

export const UK_CALENDAR_DEFAULTS: CalendarOptions = {
  zone: 'Europe/London',
  closures: [],
  dayStart: '09:00',
  dayEnd: '17:00',
};

/**
 * The years whose bank holidays are written in bank-holidays.json (by `npm run holidays`, from
 * date-holidays). Any other year is asked of date-holidays itself, loaded then: it carries every
 * country's rules (about 27 MB resident), and the clock rarely leaves these years.
 */
export const BANK_HOLIDAY_YEARS = { from: 2000, to: 2080 } as const;

let englandAndWales: { getHolidays(year: number): { date: string }[] } | undefined;

/** England and Wales bank holidays for one year, as date-holidays computes them (loading it). */
export function libraryBankHolidays(year: number): readonly string[] {
  if (!englandAndWales) {
    const Holidays = require('date-holidays') as typeof import('date-holidays').default;
    englandAndWales = new Holidays('GB', 'ENG', { types: ['public'] });
  }
  return englandAndWales.getHolidays(year).map((h) => h.date.slice(0, 10));
}

const written: Readonly<Record<string, readonly string[] | undefined>> = table.years;
const bankHolidaysByYear = new Map<number, ReadonlySet<string>>();

/** England and Wales bank holidays (with substitute days) for one year, as ISO dates. */
export function bankHolidays(year: number): ReadonlySet<string> {
  let days = bankHolidaysByYear.get(year);
  if (!days) {
    days = new Set(written[String(year)] ?? libraryBankHolidays(year));
    bankHolidaysByYear.set(year, days);
  }
  return days;
}

function parseClock(value: string, name: string): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new Error(`${name} must be a time like 09:00, got "${value}"`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** A calendar day as a count of days since 1970-01-01, so walking days is arithmetic. */
type DayNumber = number;
const DAY_MS = 86_400_000;

/** A moment's wall-clock reading in the calendar's zone. */
interface LocalTime {
  day: DayNumber;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function isoOf(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export class WorkingCalendar {
  readonly options: CalendarOptions;
  private readonly closures: ReadonlySet<string>;
  private readonly start: { hour: number; minute: number };
  private readonly end: { hour: number; minute: number };
  private readonly zone: IANAZone;

  constructor(options: Partial<CalendarOptions> = {}) {
    this.options = { ...UK_CALENDAR_DEFAULTS, ...options };
    if (!IANAZone.isValidZone(this.options.zone)) throw new Error(`Unknown time zone "${this.options.zone}"`);
    this.zone = IANAZone.create(this.options.zone);
    for (const day of this.options.closures) {
      if (!DateTime.fromISO(day, { zone: this.options.zone }).isValid || day.length !== 10) {
        throw new Error(`Closure day must be an ISO date like 2026-12-24, got "${day}"`);
      }
    }
    this.closures = new Set(this.options.closures);
    this.start = parseClock(this.options.dayStart, 'dayStart');
    this.end = parseClock(this.options.dayEnd, 'dayEnd');
  }

  private readonly offsets = new Map<number, number>();
  /** Per UTC day: the offset that holds all day, or undefined where the clocks change that day. */
  private readonly dayOffsets = new Map<number, number | undefined>();

  /**
   * Offset from UTC at an instant; luxon knows the zone's rules, plain arithmetic does the
   * rest. Offsets change on the hour, so one lookup per UTC hour is exact; and on all but two
   * days a year one lookup serves the whole day. Both are cached.
   */
  private offsetMs(ts: number): number {
    const day = Math.floor(ts / DAY_MS);
    if (!this.dayOffsets.has(day)) {
      if (this.dayOffsets.size > 50_000) this.dayOffsets.clear();
      const first = this.zone.offset(day * DAY_MS);
      this.dayOffsets.set(day, first === this.zone.offset((day + 1) * DAY_MS - 1) ? first * 60_000 : undefined);
    }
    const whole = this.dayOffsets.get(day);
    if (whole !== undefined) return whole;
    const hour = Math.floor(ts / 3_600_000);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      if (this.offsets.size > 50_000) this.offsets.clear();
      offset = this.zone.offset(hour * 3_600_000) * 60_000;
      this.offsets.set(hour, offset);
    }
    return offset;
  }

  private local(moment: Date): LocalTime {
    const wall = new Date(moment.getTime() + this.offsetMs(moment.getTime()));
    return {
      day: Math.floor(wall.getTime() / DAY_MS),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
      millisecond: wall.getUTCMilliseconds(),
    };
  }

  private readonly workingDays = new Map<DayNumber, boolean>();

  /** Whether a day is a working day; remembered, since counting a partnership's history asks of the same days again and again. */
  private isWorking(day: DayNumber): boolean {
    let working = this.workingDays.get(day);
    if (working === undefined) {
      const weekday = new Date(day * DAY_MS).getUTCDay();
      const iso = isoOf(day);
      working = weekday !== 0 && weekday !== 6 && !bankHolidays(Number(iso.slice(0, 4))).has(iso) && !this.closures.has(iso);
      if (this.workingDays.size > 100_000) this.workingDays.clear();
      this.workingDays.set(day, working);
    }
    return working;
  }

  private nextWorking(day: DayNumber): DayNumber {
    let next = day + 1;
    while (!this.isWorking(next)) next++;
    return next;
  }

  private previousWorking(day: DayNumber): DayNumber {
    let previous = day - 1;
    while (!this.isWorking(previous)) previous--;
    return previous;
  }

  /**
   * A number of working hours before a moment, counting only the working day's hours
   * (dayStart to dayEnd) on working days. Used for "two working hours before" reminders.
   */
  subtractWorkingHours(moment: Date, hours: number): Date {
    return this.moveWorkingHours(moment, hours, -1);
  }

  /**
   * A number of working hours after a moment, counting only the working day's hours on
   * working days: "within four working hours" of a moment late on Friday ends on Monday.
   */
  addWorkingHours(moment: Date, hours: number): Date {
    return this.moveWorkingHours(moment, hours, 1);
  }

  /**
   * Working hours from one moment to a later one: only the working day's hours on working days
   * count. Thursday 10:00 to Monday 10:00 is 16 (7 on Thursday, 8 on Friday, 1 on Monday).
   */
  workingHoursBetween(from: Date, to: Date): number {
    if (to <= from) return 0;
    const first = this.local(from).day;
    const last = this.local(to).day;
    let ms = 0;
    for (let day = first; day <= last; day++) {
      if (!this.isWorking(day)) continue;
      const opens = Math.max(this.at(day, this.start).getTime(), from.getTime());
      const closes = Math.min(this.at(day, this.end).getTime(), to.getTime());
      if (closes > opens) ms += closes - opens;
    }
    return ms / 3_600_000;
  }

  /**
   * Half way through a stretch in working time: a Stage 3 from Thursday 10:00 to Monday 10:00
   * is half way on Friday at 11:00, not at the clock's midpoint on Saturday night.
   */
  workingHalfway(from: Date, to: Date): Date {
    return this.workingPartWay(from, to, 0.5);
  }

  /** A part of the way through a stretch in working time (0.5: half way). */
  workingPartWay(from: Date, to: Date, part: number): Date {
    const hours = this.workingHoursBetween(from, to);
    if (hours === 0) return this.nextWorkingHour(new Date(from.getTime() + (to.getTime() - from.getTime()) * part));
    return this.addWorkingHours(from, hours * part);
  }

  /** Walk working hours forwards (1) or backwards (-1), a working day's hours at a time. */
  private moveWorkingHours(moment: Date, hours: number, direction: 1 | -1): Date {
    const local = this.local(moment);
    const startMinutes = this.start.hour * 60 + this.start.minute;
    const endMinutes = this.end.hour * 60 + this.end.minute;
    const step = (d: DayNumber) => (direction === 1 ? this.nextWorking(d) : this.previousWorking(d));
    // The edge of the day the walk starts from, and the one it runs towards.
    const [from, towards] = direction === 1 ? [startMinutes, endMinutes] : [endMinutes, startMinutes];
    let day = local.day;
    let minutes = local.hour * 60 + local.minute;
    const outside = direction === 1 ? minutes >= endMinutes : minutes <= startMinutes;
    if (!this.isWorking(day) || outside) {
      day = step(day);
      minutes = from;
    }
    minutes = direction === 1 ? Math.max(minutes, startMinutes) : Math.min(minutes, endMinutes);
    let remaining = Math.round(hours * 60);
    while (Math.abs(towards - minutes) < remaining) {
      remaining -= Math.abs(towards - minutes);
      day = step(day);
      minutes = from;
    }
    const at = minutes + direction * remaining;
    return this.at(day, { hour: Math.floor(at / 60), minute: at % 60 });
  }

  /**
   * A clock time on a calendar day, as an instant. A time that does not exist (the spring
   * clock change) moves forward by the gap; an ambiguous one (autumn) takes the later offset.
   */
  private at(day: DayNumber, time: { hour: number; minute: number; second?: number; millisecond?: number }): Date {
    const wall = day * DAY_MS + ((time.hour * 60 + time.minute) * 60 + (time.second ?? 0)) * 1000 + (time.millisecond ?? 0);
    let ts = wall - this.offsetMs(wall);
    const settled = this.offsetMs(ts);
    if (settled !== wall - ts) ts = wall - settled;
    return new Date(ts);
  }

  isWorkingDay(moment: Date): boolean {
    return this.isWorking(this.local(moment).day);
  }

  /** The working day a moment counts on, and its clock time there. */
  private effectiveStart(moment: Date): { day: DayNumber; time: { hour: number; minute: number; second: number; millisecond: number } } {
    const { day, ...time } = this.local(moment);
    if (this.isWorking(day)) return { day, time };
    return { day: this.nextWorking(day), time: { ...this.start, second: 0, millisecond: 0 } };
  }

  /**
   * Working days from one moment to a later one: whole working days at the first moment's UK
   * clock time, plus the part of the last (a stay from Friday 10:00 to Monday 15:00 is 1 and a
   * bit). Walks day numbers, not dates, so a partnership's whole history counts quickly.
   */
  workingDaysBetween(from: Date, to: Date): number {
    if (to <= from) return 0;
    const start = this.effectiveStart(from);
    const end = to.getTime();
    let day = start.day;
    let dayTs = this.at(day, start.time).getTime();
    let next = this.nextWorking(day);
    let nextTs = this.at(next, start.time).getTime();
    let days = 0;
    while (days < 400 && nextTs <= end) {
      days++;
      day = next;
      dayTs = nextTs;
      next = this.nextWorking(day);
      nextTs = this.at(next, start.time).getTime();
    }
    return Math.max(0, days + (end - dayTs) / (nextTs - dayTs));
  }

  /** N working days after a moment, at the same UK clock time. */
  addWorkingDays(from: Date, workingDays: number): Date {
    if (!Number.isInteger(workingDays) || workingDays < 0) {
      throw new Error(`workingDays must be a whole number of days, got ${workingDays}`);
    }
    const start = this.effectiveStart(from);
    let day = start.day;
    for (let i = 0; i < workingDays; i++) day = this.nextWorking(day);
    return this.at(day, start.time);
  }

  /**
   * "The same working day": the end of the working day the moment falls in. A moment after
   * the end of the day, or on a non-working day, gives the end of the next working day.
   */
  endOfSameWorkingDay(moment: Date): Date {
    const { day, time } = this.effectiveStart(moment);
    const afterHours = time.hour * 60 + time.minute >= this.end.hour * 60 + this.end.minute;
    return this.at(afterHours ? this.nextWorking(day) : day, this.end);
  }

  /**
   * The moment if it falls within working hours on a working day; otherwise the start of the
   * next working hours. Reminders go out when people are at work.
   */
  nextWorkingHour(moment: Date): Date {
    const local = this.local(moment);
    const day = local.day;
    const minutes = local.hour * 60 + local.minute;
    const startMinutes = this.start.hour * 60 + this.start.minute;
    const endMinutes = this.end.hour * 60 + this.end.minute;
    if (this.isWorking(day) && minutes >= startMinutes && minutes < endMinutes) return new Date(moment.getTime());
    const target = this.isWorking(day) && minutes < startMinutes ? day : this.nextWorking(day);
    return this.at(target, this.start);
  }

  /** The moment if it falls on a working day; otherwise the start of the next working day. */
  nextWorkingMoment(moment: Date): Date {
    if (this.isWorkingDay(moment)) return new Date(moment.getTime());
    const { day, time } = this.effectiveStart(moment);
    return this.at(day, time);
  }
}

const ukCalendar = new WorkingCalendar();

/** N working days after a moment in England and Wales, UK time, with the default day start. */
export function addWorkingDays(from: Date, workingDays: number): Date {
  return ukCalendar.addWorkingDays(from, workingDays);
}
