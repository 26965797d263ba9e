import type { Dispute, PersonRef } from '../domain/dispute';
import { freeSlots } from '../domain/meeting-slots';
import { formatMoment } from '../domain/narrative';
import type { WorkingCalendar } from '../domain/working-days';
import { levelDue } from '../commands/meeting-time';
import type { MeetingCalendar } from '../meetings/calendar';

/** How far ahead times are looked for where the level's time is not running (a hold, or awaiting approval). */
const LOOK_AHEAD_WORKING_DAYS = 5;

/** Times are offered from an hour ahead: nobody can join a meeting that starts in five minutes. */
const NOTICE_MS = 3_600_000;

export interface Suggestion {
  times: Date[];
  /** The times end by then: the level's deadline, or a working week ahead. */
  until: Date;
  /** Whose free/busy the times take into account. */
  visible: PersonRef[];
  /** Whose cannot be read: people in other organisations' tenants, guests, anyone without an address in the directory. */
  notVisible: PersonRef[];
}

export interface FreeBusySource {
  calendar: MeetingCalendar;
  emailOf(p: PersonRef): string | undefined;
  /** The partnership's tenant: the only one whose calendars its mailbox can read. */
  tenantId: string;
  working: WorkingCalendar;
}

/**
 * Times a meeting could be held: in working hours on working days (UK time, bank holidays
 * off), ending by the level's deadline, when everyone whose calendar the partnership can read
 * is free. People in other tenants cannot be read (Graph's getSchedule reads one organisation's
 * calendars) and are named, so the convener asks them.
 */
export async function suggestMeetingTimes(source: FreeBusySource, d: Dispute, attendees: PersonRef[], minutes: number, now: Date): Promise<Suggestion> {
  const until = levelDue(d, now) ?? source.working.addWorkingDays(now, LOOK_AHEAD_WORKING_DAYS);
  const readable = attendees.flatMap((p) => {
    const email = p.tenantId === source.tenantId ? source.emailOf(p) : undefined;
    return email ? [{ p, email: email.toLowerCase() }] : [];
  });
  const from = new Date(now.getTime() + NOTICE_MS);
  const answers = await source.calendar.freeBusy(readable.map((r) => r.email), from, until);
  const visible = readable.filter((r) => answers.get(r.email) !== undefined);
  const busy = visible.flatMap((r) => answers.get(r.email) ?? []);
  return {
    times: freeSlots(source.working, from, until, minutes, busy),
    until,
    visible: visible.map((r) => r.p),
    notVisible: attendees.filter((p) => !visible.some((r) => r.p === p)),
  };
}

/** What the person who asked is told: how many times, whose calendars they take into account, and whose could not be read. */
export function suggestionText(s: Suggestion, form: string): string {
  const names = (ps: PersonRef[]) => ps.map((p) => p.name).join(', ');
  const hidden = s.notVisible.length ? ` Availability not visible: ${names(s.notVisible)} (their calendars are not the partnership's to read): check these times with them.` : '';
  if (s.times.length === 0) {
    return `No time in working hours before ${formatMoment(s.until.toISOString())} when ${names(s.visible) || 'everyone'} ${s.visible.length === 1 ? 'is' : 'are'} free: enter a date and time under "${form}", or ask for the dispute to be escalated.${hidden}`;
  }
  const who = s.visible.length ? `when ${names(s.visible)} ${s.visible.length === 1 ? 'is' : 'are'} free` : 'in working hours (nobody\'s calendar could be read)';
  return `${s.times.length} time${s.times.length === 1 ? '' : 's'} before ${formatMoment(s.until.toISOString())} ${who}: choose one under "${form}".${hidden}`;
}
