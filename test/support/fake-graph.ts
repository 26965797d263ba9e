import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';

/** A calendar event as the fake holds it: what the bot sent, and what became of it. */
export interface FakeEvent {
  id: string;
  mailbox: string;
  subject: string;
  body: { contentType: string; content: string };
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  attendees: { emailAddress: { address: string; name?: string }; type: string }[];
  isOnlineMeeting: boolean;
  onlineMeetingProvider?: string;
  transactionId?: string;
  joinUrl: string;
  updates: number;
  cancelled?: { comment: string };
}

const isGraphTime = (t: unknown): boolean => typeof t === 'object' && t !== null && typeof (t as { dateTime?: unknown }).dateTime === 'string' && typeof (t as { timeZone?: unknown }).timeZone === 'string';

/**
 * A stand-in for Microsoft Graph (an edge we cannot reach from here): GET
 * /v1.0/users/{id}/manager from a map of user id to manager, GET
 * /v1.0/users/{id}/mailboxSettings/automaticRepliesSetting from `automaticReplies`, and a
 * mailbox's calendar: getSchedule from `busy` (addresses in `unreadable` answered with an error
 * entry, as Graph answers for people outside the organisation), events created (once per
 * transactionId), moved and cancelled. Requests are checked for the shape Graph's documentation
 * gives; anything else is answered 400, as Graph would.
 */
export class FakeGraph {
  readonly requests: { method?: string; path: string; authorization?: string }[] = [];
  /** Busy stretches by address (lower case): what getSchedule answers. */
  busy: Record<string, { status: string; start: string; end: string }[]> = {};
  /** Addresses getSchedule cannot read. */
  unreadable = new Set<string>();
  readonly events = new Map<string, FakeEvent>();
  /** Answer the calendar's requests (getSchedule and events) with this status. */
  calendarFailsWith?: number;
  failWith?: number;
  /** Answer the next N requests 429 with this Retry-After (seconds; omitted when undefined). */
  throttle?: { times: number; retryAfter?: number };
  /** Outlook's automatic replies by user id, as Graph returns them (status, scheduled start and end). */
  automaticReplies: Record<string, object> = {};
  private server?: Server;
  url = '';

  constructor(private readonly managers: Record<string, { id: string; displayName: string }>, private readonly token = 'graph-test-token') {}

  async start(): Promise<this> {
    const app = express();
    app.use((req, res, next) => {
      if (!this.throttle || this.throttle.times <= 0) return next();
      this.throttle.times--;
      this.requests.push({ path: req.path, authorization: req.headers.authorization });
      if (this.throttle.retryAfter !== undefined) res.setHeader('Retry-After', String(this.throttle.retryAfter));
      res.status(429).json({ error: { code: 'TooManyRequests' } });
    });
    app.get('/v1.0/users/:id/manager', (req, res) => {
      this.requests.push({ path: req.path, authorization: req.headers.authorization });
      if (req.headers.authorization !== `Bearer ${this.token}`) return void res.status(401).json({ error: { code: 'InvalidAuthenticationToken' } });
      if (this.failWith) return void res.status(this.failWith).json({ error: { code: 'ServiceUnavailable' } });
      const manager = this.managers[req.params.id];
      if (!manager) return void res.status(404).json({ error: { code: 'Request_ResourceNotFound' } });
      res.json({ '@odata.type': '#microsoft.graph.user', ...manager });
    });
    app.get('/v1.0/users/:id/mailboxSettings/automaticRepliesSetting', (req, res) => {
      this.requests.push({ path: req.path, authorization: req.headers.authorization });
      if (req.headers.authorization !== `Bearer ${this.token}`) return void res.status(401).json({ error: { code: 'InvalidAuthenticationToken' } });
      res.json({ status: 'disabled', externalAudience: 'all', ...(this.automaticReplies[req.params.id] ?? {}) });
    });
    app.use(express.json());
    const calendar = (req: express.Request, res: express.Response): boolean => {
      this.requests.push({ method: req.method, path: req.path, authorization: req.headers.authorization });
      if (req.headers.authorization !== `Bearer ${this.token}`) return void res.status(401).json({ error: { code: 'InvalidAuthenticationToken' } }), false;
      if (this.calendarFailsWith) return void res.status(this.calendarFailsWith).json({ error: { code: 'ServiceUnavailable' } }), false;
      return true;
    };
    const bad = (res: express.Response, message: string) => void res.status(400).json({ error: { code: 'BadRequest', message } });
    app.post('/v1.0/users/:mailbox/calendar/getSchedule', (req, res) => {
      if (!calendar(req, res)) return;
      const { schedules, startTime, endTime, availabilityViewInterval } = req.body ?? {};
      if (!Array.isArray(schedules) || !isGraphTime(startTime) || !isGraphTime(endTime)) return bad(res, 'schedules, startTime and endTime are required');
      if (availabilityViewInterval !== undefined && !(availabilityViewInterval >= 5 && availabilityViewInterval <= 1440)) return bad(res, 'availabilityViewInterval must be 5 to 1440');
      res.json({
        value: schedules.map((address: string) =>
          this.unreadable.has(address.toLowerCase())
            ? { scheduleId: address, error: { message: 'The mailbox is not in this organisation', responseCode: 'ErrorMailRecipientNotFound' } }
            : { scheduleId: address, availabilityView: '', scheduleItems: (this.busy[address.toLowerCase()] ?? []).map((b) => ({ isPrivate: false, status: b.status, start: { dateTime: b.start.replace('Z', ''), timeZone: 'UTC' }, end: { dateTime: b.end.replace('Z', ''), timeZone: 'UTC' } })) },
        ),
      });
    });
    app.post('/v1.0/users/:mailbox/events', (req, res) => {
      if (!calendar(req, res)) return;
      const b = req.body ?? {};
      if (typeof b.subject !== 'string' || !isGraphTime(b.start) || !isGraphTime(b.end) || !Array.isArray(b.attendees)) return bad(res, 'subject, start, end and attendees are required');
      if (!b.attendees.every((a: { emailAddress?: { address?: unknown }; type?: unknown }) => typeof a.emailAddress?.address === 'string' && ['required', 'optional', 'resource'].includes(String(a.type)))) return bad(res, 'each attendee needs an emailAddress and a type');
      const existing = [...this.events.values()].find((e) => b.transactionId && e.transactionId === b.transactionId);
      if (existing) return void res.status(201).json(this.answer(existing));
      const id = `AAMk-${this.events.size + 1}`;
      const event: FakeEvent = { ...b, id, mailbox: req.params.mailbox, joinUrl: `https://teams.microsoft.com/l/meetup-join/${id}`, updates: 0 };
      this.events.set(id, event);
      res.status(201).json(this.answer(event));
    });
    app.patch('/v1.0/users/:mailbox/events/:id', (req, res) => {
      if (!calendar(req, res)) return;
      const event = this.events.get(req.params.id);
      if (!event || event.mailbox !== req.params.mailbox) return void res.status(404).json({ error: { code: 'ErrorItemNotFound' } });
      const b = req.body ?? {};
      if ((b.start && !isGraphTime(b.start)) || (b.end && !isGraphTime(b.end))) return bad(res, 'start and end are dateTimeTimeZone');
      Object.assign(event, { ...(b.start ? { start: b.start } : {}), ...(b.end ? { end: b.end } : {}), ...(b.attendees ? { attendees: b.attendees } : {}), updates: event.updates + 1 });
      res.json(this.answer(event));
    });
    app.post('/v1.0/users/:mailbox/events/:id/cancel', (req, res) => {
      if (!calendar(req, res)) return;
      const event = this.events.get(req.params.id);
      if (!event || event.mailbox !== req.params.mailbox) return void res.status(404).json({ error: { code: 'ErrorItemNotFound' } });
      event.cancelled = { comment: String(req.body?.comment ?? '') };
      res.status(202).end();
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  private answer(e: FakeEvent) {
    return { id: e.id, subject: e.subject, start: e.start, end: e.end, attendees: e.attendees, isOnlineMeeting: e.isOnlineMeeting, onlineMeeting: { joinUrl: e.joinUrl } };
  }

  /** The events not cancelled. */
  live(): FakeEvent[] {
    return [...this.events.values()].filter((e) => !e.cancelled);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
