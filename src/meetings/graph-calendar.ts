import type { Busy } from '../domain/meeting-slots';
import { GraphClient, GraphError, graphInstant, graphTime, GraphTime } from '../graph/graph-client';
import type { CalendarEntry, CalendarMeeting, MeetingCalendar } from './calendar';

interface ScheduleInformation {
  scheduleId: string;
  scheduleItems?: { status?: string; start?: GraphTime; end?: GraphTime }[];
  error?: { message?: string; responseCode?: string };
}

/** Statuses that make a time unavailable; free, working elsewhere and unknown do not. */
const TAKEN = new Set(['busy', 'tentative', 'oof']);

/**
 * The partnership's calendar in Exchange Online, through Microsoft Graph, as one mailbox of the
 * partnership's (MEETINGS_MAILBOX) sees it and sends from it. Application permission
 * Calendars.ReadWrite, limited to that mailbox by an application access policy.
 *
 * - Free/busy: POST /users/{mailbox}/calendar/getSchedule with the attendees' addresses
 *   (learn.microsoft.com/graph/api/calendar-getschedule); an address whose availability Graph
 *   cannot give comes back with `error` (scheduleInformation: learn.microsoft.com/graph/api/resources/scheduleinformation).
 * - A Teams meeting: POST /users/{mailbox}/events with `isOnlineMeeting` and
 *   `onlineMeetingProvider: "teamsForBusiness"`, attendees required; `transactionId` makes a
 *   retried create return the first event instead of a second
 *   (learn.microsoft.com/graph/api/user-post-events, learn.microsoft.com/graph/api/resources/event).
 * - Moving it: PATCH /users/{mailbox}/events/{id} (learn.microsoft.com/graph/api/event-update),
 *   which sends the attendees the update.
 * - Cancelling it: POST /users/{mailbox}/events/{id}/cancel with a comment, which only the
 *   organiser may do (learn.microsoft.com/graph/api/event-cancel).
 */
export class GraphCalendar implements MeetingCalendar {
  constructor(private readonly graph: GraphClient, private readonly mailbox: string) {}

  private get events(): string {
    return `/users/${encodeURIComponent(this.mailbox)}/events`;
  }

  async freeBusy(emails: readonly string[], from: Date, to: Date): Promise<Map<string, Busy[] | undefined>> {
    const answer = new Map<string, Busy[] | undefined>(emails.map((e) => [e.toLowerCase(), undefined]));
    if (emails.length === 0) return answer;
    const { value } = await this.graph.json<{ value?: ScheduleInformation[] }>('POST', `/users/${encodeURIComponent(this.mailbox)}/calendar/getSchedule`, 'free/busy', {
      schedules: emails,
      startTime: graphTime(from),
      endTime: graphTime(to),
      availabilityViewInterval: 30,
    });
    for (const info of value ?? []) {
      if (info.error || !answer.has(info.scheduleId?.toLowerCase())) continue;
      const busy = (info.scheduleItems ?? []).flatMap((item): Busy[] => {
        const start = graphInstant(item.start);
        const end = graphInstant(item.end);
        return start && end && TAKEN.has((item.status ?? '').toLowerCase()) ? [{ start, end }] : [];
      });
      answer.set(info.scheduleId.toLowerCase(), busy);
    }
    return answer;
  }

  private eventBody(meeting: CalendarMeeting) {
    return {
      subject: meeting.subject,
      body: { contentType: 'text', content: meeting.body },
      start: graphTime(meeting.start),
      end: graphTime(meeting.end),
      attendees: meeting.attendees.map((a) => ({ emailAddress: { address: a.email, name: a.name }, type: 'required' })),
    };
  }

  async create(meeting: CalendarMeeting): Promise<CalendarEntry> {
    const event = await this.graph.json<{ id: string; onlineMeeting?: { joinUrl?: string } }>('POST', this.events, 'creating a meeting', {
      ...this.eventBody(meeting),
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      allowNewTimeProposals: false,
      transactionId: meeting.transactionId,
    });
    return { eventId: event.id, ...(event.onlineMeeting?.joinUrl ? { joinUrl: event.onlineMeeting.joinUrl } : {}) };
  }

  async update(eventId: string, meeting: CalendarMeeting): Promise<boolean> {
    const { subject: _s, body: _b, ...changes } = this.eventBody(meeting);
    const response = await this.graph.request('PATCH', `${this.events}/${encodeURIComponent(eventId)}`, changes);
    await response.body?.cancel();
    if (response.status === 404) return false;
    if (!response.ok) throw new GraphError(response.status, 'moving a meeting');
    return true;
  }

  async cancel(eventId: string, comment: string): Promise<void> {
    const response = await this.graph.request('POST', `${this.events}/${encodeURIComponent(eventId)}/cancel`, { comment });
    await response.body?.cancel();
    if (response.status === 404) return;
    if (!response.ok) throw new GraphError(response.status, 'cancelling a meeting');
  }
}
