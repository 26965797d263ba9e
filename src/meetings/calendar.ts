import type { Busy } from '../domain/meeting-slots';

/** Someone invited, as a calendar knows them. */
export interface Invitee {
  name: string;
  email: string;
}

/** A meeting as it goes into the partnership's calendar: never anything about the child. */
export interface CalendarMeeting {
  subject: string;
  body: string;
  start: Date;
  end: Date;
  attendees: Invitee[];
  /** The same for every attempt at creating one meeting, so a retry never creates a second. */
  transactionId: string;
}

/** The meeting as the calendar created it. */
export interface CalendarEntry {
  eventId: string;
  joinUrl?: string;
}

/**
 * The partnership's calendar: free/busy of the people whose calendars it can read, and the
 * Teams meetings it sends. `freeBusy` answers each address asked about with the times taken, or
 * undefined where that calendar could not be read.
 */
export interface MeetingCalendar {
  freeBusy(emails: readonly string[], from: Date, to: Date): Promise<Map<string, Busy[] | undefined>>;
  create(meeting: CalendarMeeting): Promise<CalendarEntry>;
  /** Move it, or change who is invited. False when the calendar no longer has it (someone deleted it). */
  update(eventId: string, meeting: CalendarMeeting): Promise<boolean>;
  /** Cancel it: each attendee receives the cancellation. Cancelling one already gone is done. */
  cancel(eventId: string, comment: string): Promise<void>;
}
