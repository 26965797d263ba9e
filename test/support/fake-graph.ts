import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';

/**
 * A stand-in for Microsoft Graph (an edge we cannot reach from here): GET
 * /v1.0/users/{id}/manager from a map of user id to manager, and GET
 * /v1.0/users/{id}/mailboxSettings/automaticRepliesSetting from `automaticReplies`.
 */
export class FakeGraph {
  readonly requests: { path: string; authorization?: string }[] = [];
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
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
