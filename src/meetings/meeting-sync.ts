import { createHash } from 'node:crypto';
import type { Dispute, Instant, Meeting, PersonRef } from '../domain/dispute';
import { MEETING_MINUTES } from '../domain/dispute';
import type { CalendarEntry, CalendarMeeting, Invitee, MeetingCalendar } from './calendar';

/** What became of a meeting in the calendar: the meeting, its entry (none once cancelled), and who could not be invited (no address known). */
export interface Synced {
  meeting?: Meeting;
  entry?: CalendarEntry;
  uninvited: PersonRef[];
}

/** The same for every attempt at creating one meeting's event (`attempt`: a new one once Graph's was deleted). */
const transactionId = (d: Dispute, m: Meeting, attempt: number): string => createHash('sha256').update(`${d.id}|${m.convenedAt}|${attempt}`).digest('hex').slice(0, 36);

/**
 * Makes the partnership's calendar match a convened meeting as the dispute now has it: created
 * once, moved when it moves, cancelled when it is. Working from the meeting as it stands, not
 * from each change, a repeat of any step is harmless and a step missed is made good by the next.
 */
export class MeetingSync {
  constructor(private readonly calendar: MeetingCalendar, private readonly emailOf: (p: PersonRef) => string | undefined) {}

  /** The invitation: the dispute's reference and the convener, never anything about the child (it lands in mailboxes). */
  invitation(d: Dispute, m: Meeting): { meeting: CalendarMeeting; uninvited: PersonRef[] } {
    const attendees: Invitee[] = [];
    const uninvited: PersonRef[] = [];
    for (const p of m.attendees) {
      const email = this.emailOf(p);
      if (email) attendees.push({ name: p.name, email });
      else uninvited.push(p);
    }
    const start = new Date(m.at);
    return {
      meeting: {
        subject: `Resolving Professional Disagreements Meeting: ${d.reference}`,
        body: `Convened by ${m.convenedBy.name} for professional disagreement ${d.reference}. The dispute's details are on its card in Teams and are not put in this invitation.`,
        start,
        end: new Date(start.getTime() + (m.minutes ?? MEETING_MINUTES) * 60_000),
        attendees,
        transactionId: transactionId(d, m, 0),
      },
      uninvited,
    };
  }

  async sync(d: Dispute, convenedAt: Instant, entry: CalendarEntry | undefined): Promise<Synced> {
    const m = d.meetings.find((x) => x.convenedAt === convenedAt);
    if (!m) return { uninvited: [] };
    if (m.cancelled) {
      if (entry) await this.calendar.cancel(entry.eventId, `Cancelled by ${m.cancelled.by.name}. The reason is in your chat with the bot.`);
      return { meeting: m, uninvited: [] };
    }
    const { meeting, uninvited } = this.invitation(d, m);
    if (entry && (await this.calendar.update(entry.eventId, meeting))) return { meeting: m, entry, uninvited };
    // Never created, or deleted from the calendar since: create it (a new transaction where it was deleted).
    const created = await this.calendar.create(entry ? { ...meeting, transactionId: transactionId(d, m, (m.movedFrom?.length ?? 0) + 1) } : meeting);
    return { meeting: m, entry: created, uninvited };
  }
}
