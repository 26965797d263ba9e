import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the proxy misbehaves, for the requests that match. */
export type Fault =
  | { kind: 'pass' }
  /** Answer 429 with the store's retry-after, as Cosmos DB does when a partition is busy. */
  | { kind: '429'; retryAfterMs: number }
  | { kind: '503' }
  /** Never answer until the fault is cleared. */
  | { kind: 'stall' }
  /** Let the store apply the request, then drop its reply on the floor. */
  | { kind: 'drop-reply' }
  /** Refuse the connection. */
  | { kind: 'refuse' };

/**
 * An HTTP proxy between the bot's Cosmos DB client and the embedded store, on loopback, that
 * injects the failures a real store and network produce. `writesOnly` limits a fault to
 * requests that change data, so the bot can still read what it is asked about.
 */
export class StoreFaultProxy {
  private server?: http.Server;
  private fault: Fault = { kind: 'pass' };
  private writesOnly = false;
  private remaining = Infinity;
  private readonly stalled = new Set<http.ServerResponse>();
  private readonly sockets = new Set<Socket>();
  private readonly agent = new http.Agent({ keepAlive: true });
  url = '';
  /** Requests the fault was applied to. */
  injected = 0;
  /** Every request that reached the proxy, as "METHOD kind" (kind: the resource's type, "query" for queries, "batch" for a transactional batch). */
  readonly seen: string[] = [];
  /** What each request in `seen` addressed: "container/item id", "container" for a query or batch. */
  readonly targets: string[] = [];
  /** The bytes of each request's body and of its reply, in the order of `seen` (a reply not yet answered counts 0). */
  readonly bytes: { sent: number; received: number }[] = [];

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Apply a fault to the next `times` matching requests (all of them by default). */
  inject(fault: Fault, options: { writesOnly?: boolean; times?: number } = {}): void {
    this.fault = fault;
    this.writesOnly = options.writesOnly ?? false;
    this.remaining = options.times ?? Infinity;
    this.injected = 0;
  }

  /** Back to a healthy store; stalled requests are let go (their callers have given up or will see the reply). */
  clear(): void {
    this.fault = { kind: 'pass' };
    for (const res of this.stalled) res.destroy();
    this.stalled.clear();
  }

  private matches(req: http.IncomingMessage): boolean {
    if (this.fault.kind === 'pass' || this.remaining <= 0) return false;
    if (!this.writesOnly) return true;
    const isQuery = req.headers['x-ms-documentdb-isquery'] === 'true' || req.headers['content-type'] === 'application/query+json';
    return ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method ?? '') && !isQuery;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const isQuery = req.headers['x-ms-documentdb-isquery'] === 'true' || req.headers['content-type'] === 'application/query+json';
      const resource = /\/(docs|colls|dbs)(\/[^/]+)?\/?$/.exec((req.url ?? '').split('?')[0] ?? '')?.[1] ?? 'other';
      const isBatch = req.headers['x-ms-cosmos-is-batch-request'] === 'true';
      this.seen.push(`${req.method} ${isQuery ? 'query' : isBatch ? 'batch' : resource}`);
      const [, container = '', item] = /\/colls\/([^/]+)(?:\/docs\/([^/?]+))?/.exec(req.url ?? '') ?? [];
      // A create names its item in the body.
      const created = !item && !isQuery && !isBatch && req.method === 'POST' ? (() => { try { return (JSON.parse(Buffer.concat(chunks).toString()) as { id?: string }).id; } catch { return undefined; } })() : undefined;
      const id = item ? decodeURIComponent(item) : created;
      this.targets.push(id ? `${decodeURIComponent(container)}/${id}` : decodeURIComponent(container));
      const counted = { sent: chunks.reduce((n, c) => n + c.length, 0), received: 0 };
      this.bytes.push(counted);
      const end = res.end.bind(res);
      res.end = ((...args: Parameters<typeof res.end>) => {
        if (Buffer.isBuffer(args[0])) counted.received = args[0].length;
        return end(...args);
      }) as typeof res.end;
      const fault = this.matches(req) ? this.fault : { kind: 'pass' as const };
      if (fault.kind !== 'pass') {
        this.remaining--;
        this.injected++;
      }
      switch (fault.kind) {
        case '429':
          res.writeHead(429, { 'content-type': 'application/json', 'x-ms-retry-after-ms': String(fault.retryAfterMs), 'x-ms-substatus': '3200' });
          res.end(JSON.stringify({ code: 'TooManyRequests', message: 'Request rate is large' }));
          return;
        case '503':
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ code: 'ServiceUnavailable', message: 'Service is currently unavailable' }));
          return;
        case 'stall':
          this.stalled.add(res);
          return;
        case 'refuse':
          req.socket.destroy();
          return;
        default:
          this.forward(req, Buffer.concat(chunks), res, fault.kind === 'drop-reply');
      }
    });
  }

  private forward(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, dropReply: boolean): void {
    const target = new URL(req.url ?? '/', this.target);
    const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host }, agent: this.agent }, (answer) => {
      const parts: Buffer[] = [];
      answer.on('data', (c: Buffer) => parts.push(c));
      answer.on('end', () => {
        if (dropReply) {
          // The store has applied it; the caller never hears.
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(Buffer.concat(parts));
      });
    });
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  }

  async stop(): Promise<void> {
    this.clear();
    for (const socket of this.sockets) socket.destroy();
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
