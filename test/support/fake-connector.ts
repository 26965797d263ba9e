import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { PARTNERSHIP_TENANT } from './teams-people';

export interface RecordedCall {
  method: string;
  path: string;
  conversationId: string;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  at: number;
}

/** Someone Teams knows: their `29:` id for this bot, Entra object id and tenant. */
export interface KnownPerson {
  id: string;
  name: string;
  aadObjectId: string;
  tenantId: string;
}

/**
 * A stand-in for the Teams connector service (the edge we cannot reach from here): it
 * records what the bot sends over real HTTP and answers as Teams does. It knows the people
 * the tests act as, and refuses (400, as Teams would, and in `violations`) any call that names
 * a person in a way Teams would not accept: a 1:1 chat created with an id that is not theirs or
 * in a tenant not theirs, a channel thread outside the partnership's tenant, a mention of
 * someone by an id that is not theirs, a card refresh list holding anything but `29:` ids.
 */
export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  /** Called with each call Teams accepts, before it is answered: a test's hook into the middle of a round. */
  onCall?: (call: RecordedCall) => void;
  /** Every call Teams would have refused for the ids or tenants it named, with why. */
  readonly violations: string[] = [];
  private readonly people = new Map<string, KnownPerson>();
  private channelTenant = '';

  /** The people Teams knows, by their `29:` id and by their object id; `channelTenant`: the partnership's. */
  knows(people: readonly KnownPerson[], channelTenant = PARTNERSHIP_TENANT): this {
    for (const p of people) {
      this.people.set(p.id, p);
      this.people.set(p.aadObjectId, p);
    }
    this.channelTenant = channelTenant;
    return this;
  }

  /** What Teams would refuse in a call: people named by ids or tenants that are not theirs. */
  private problems(call: RecordedCall): string[] {
    if (this.people.size === 0) return [];
    const out: string[] = [];
    const body = call.body ?? {};
    if (call.method === 'POST' && call.path === '/v3/conversations') {
      const tenant = body.tenantId ?? body.channelData?.tenant?.id;
      if (body.channelData?.channel) {
        if (tenant !== this.channelTenant) out.push(`thread opened in tenant ${tenant}, not the partnership's ${this.channelTenant}`);
      } else {
        const memberId = body.members?.[0]?.id;
        const person = this.people.get(memberId);
        if (!person) out.push(`1:1 chat created for "${memberId}", which is no person's 29: id or object id`);
        else if (tenant !== person.tenantId) out.push(`1:1 chat with ${person.name} created in tenant ${tenant}, not theirs (${person.tenantId})`);
      }
    }
    const activities = [body, body.activity].filter(Boolean);
    for (const activity of activities) {
      const entities = [...(activity.entities ?? []), ...(activity.attachments ?? []).flatMap((a: any) => a?.content?.msteams?.entities ?? [])]; // eslint-disable-line @typescript-eslint/no-explicit-any
      for (const e of entities) {
        if (e?.type !== 'mention') continue;
        const id = e.mentioned?.id;
        if (!this.people.has(id)) out.push(`mention of ${e.mentioned?.name} by "${id}", which is no person's 29: id or object id`);
      }
      for (const a of activity.attachments ?? []) {
        for (const id of a?.content?.refresh?.userIds ?? []) {
          if (typeof id !== 'string' || !id.startsWith('29:') || !this.people.has(id)) out.push(`refresh.userIds holds "${id}", which is no person's 29: id`);
        }
      }
    }
    return out;
  }
  private server?: Server;
  private counter = 0;
  private failures: { match: (c: RecordedCall) => boolean; status: number; headers: Record<string, string> }[] = [];
  url = '';

  /** Calls answered 429 because they broke Teams' limits (see enforceLimits). */
  throttled = 0;
  private limits?: { thread: { count: number; windowMs: number }[]; tenant: { count: number; windowMs: number }[] };
  private readonly sentAt = new Map<string, number[]>();

  /**
   * Answer 429 with Retry-After, as Teams does, to any call that would break these limits:
   * per thread (a channel's threads counted together) and for the whole tenant.
   */
  enforceLimits(limits: { thread: { count: number; windowMs: number }[]; tenant: { count: number; windowMs: number }[] }): this {
    this.limits = limits;
    return this;
  }

  /** Calls answered 429, by the limit they broke ("thread 8/2000 ms", "tenant 30/1000 ms"). */
  readonly throttledBy = new Map<string, number>();

  /** Seconds until a call on these keys is within every limit; 0 to let it through (and count it). */
  private overLimit(keys: [string, { count: number; windowMs: number }[]][]): number {
    const now = Date.now();
    let wait = 0;
    for (const [key, limits] of keys) {
      const times = this.sentAt.get(key) ?? [];
      for (const { count, windowMs } of limits) {
        const recent = times.filter((t) => t > now - windowMs);
        if (recent.length >= count) {
          wait = Math.max(wait, recent[recent.length - count]! + windowMs - now);
          const limit = `${key.split(':')[0]} ${count}/${windowMs} ms`;
          this.throttledBy.set(limit, (this.throttledBy.get(limit) ?? 0) + 1);
        }
      }
    }
    if (wait > 0) return Math.ceil(wait / 1000);
    for (const [key] of keys) {
      const times = (this.sentAt.get(key) ?? []).filter((t) => t > now - 3_600_000);
      times.push(now);
      this.sentAt.set(key, times);
    }
    return 0;
  }

  /** Files uploaded to the fake OneDrive upload URLs, by name. */
  readonly uploads = new Map<string, { bytes: Buffer; contentRange?: string }>();

  async start(): Promise<this> {
    const app = express();
    app.put('/upload/:name', express.raw({ type: () => true, limit: '20mb' }), (req, res) => {
      this.uploads.set(req.params.name, { bytes: req.body as Buffer, contentRange: req.headers['content-range'] });
      res.status(201).json({ id: 'drive-item' });
    });
    app.use(express.json({ limit: '5mb' }));
    app.use((req, res, next) => {
      const call: RecordedCall = { method: req.method, path: req.path, conversationId: decodeURIComponent(req.path.split('/')[3] ?? ''), body: req.body, at: Date.now() };
      if (this.limits && req.path.startsWith('/v3/conversations')) {
        const thread = call.conversationId.split(';')[0] || (req.body?.channelData?.channel?.id ?? '');
        const keys: [string, { count: number; windowMs: number }[]][] = [['tenant', this.limits.tenant]];
        if (thread.startsWith('19:')) keys.push([`thread:${thread}`, this.limits.thread]);
        const retryAfter = this.overLimit(keys);
        if (retryAfter > 0) {
          this.throttled++;
          res.status(429).set({ 'Retry-After': String(retryAfter) }).json({ error: { code: 'Throttled', message: 'too many requests' } });
          return;
        }
      }
      const problems = req.path.startsWith('/v3/conversations') ? this.problems(call) : [];
      if (problems.length) {
        this.violations.push(...problems);
        res.status(400).json({ error: { code: 'BadArgument', message: problems.join('; ') } });
        return;
      }
      const failure = this.failures.findIndex((f) => f.match(call));
      if (failure >= 0) {
        const [f] = this.failures.splice(failure, 1);
        res.status(f!.status).set(f!.headers).json({ error: { code: 'Throttled', message: 'fake failure' } });
        return;
      }
      this.calls.push(call);
      this.onCall?.(call);
      next();
    });
    app.post('/v3/conversations', (req, res) => {
      const n = ++this.counter;
      const channel = req.body?.channelData?.channel?.id;
      if (channel) res.json({ id: `${channel};messageid=${1000 + n}`, activityId: String(1000 + n) });
      else {
        // Teams answers with the same 1:1 conversation whichever of the person's ids the bot named.
        const member = req.body?.members?.[0]?.id;
        res.json({ id: `a:personal-${this.people.get(member)?.id ?? member ?? n}`, activityId: `p-${n}` });
      }
    });
    app.post('/v3/conversations/:id/activities', (_req, res) => res.json({ id: `act-${++this.counter}` }));
    app.post('/v3/conversations/:id/activities/:replyTo', (_req, res) => res.json({ id: `act-${++this.counter}` }));
    app.put('/v3/conversations/:id/activities/:activityId', (req, res) => res.json({ id: req.params.activityId }));
    app.use((req, res) => res.status(404).json({ error: `not faked: ${req.method} ${req.path}` }));
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this;
  }

  /** Answer the next matching call with an error (e.g. 429 with Retry-After). */
  failNext(match: (c: RecordedCall) => boolean, status: number, headers: Record<string, string> = {}): void {
    this.failures.push({ match, status, headers });
  }

  threadsCreated(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations' && c.body.channelData?.channel);
  }

  personalMessages(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations' && !c.body.channelData?.channel);
  }

  postsIn(conversationId: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.conversationId === conversationId && c.path.includes('/activities'));
  }

  updatesIn(conversationId: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'PUT' && c.conversationId === conversationId);
  }

  repliesTo(conversationId: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.conversationId === conversationId);
  }

  reset(): void {
    this.calls.length = 0;
  }

  /** Forget the calls counted against Teams' limits so far, as if they were long ago. */
  forgetLimits(): void {
    this.sentAt.clear();
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
