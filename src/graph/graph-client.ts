import type { Logger } from '../logger';

/** An access token for Microsoft Graph (client credentials or managed identity in production). */
export type TokenProvider = () => Promise<string>;

/** Graph's dateTimeTimeZone, as Graph sends it: UTC unless a zone or an offset says otherwise. */
export type GraphTime = { dateTime?: string; timeZone?: string };

/** A GraphTime as an instant; undefined where it is missing or unreadable. */
export function graphInstant(value: GraphTime | undefined): Date | undefined {
  if (!value?.dateTime) return undefined;
  const utc = !value.timeZone || /^(UTC|Etc\/UTC|GMT)$/i.test(value.timeZone);
  const moment = new Date(utc && !/[zZ]|[+-]\d\d:\d\d$/.test(value.dateTime) ? `${value.dateTime}Z` : value.dateTime);
  return Number.isNaN(moment.getTime()) ? undefined : moment;
}

/** An instant as a GraphTime in UTC (each attendee's calendar shows their own time). */
export const graphTime = (d: Date) => ({ dateTime: d.toISOString().replace('Z', ''), timeZone: 'UTC' });

/** Graph answered with an error; its status as `statusCode`, as the Teams connector's errors carry theirs. */
export class GraphError extends Error {
  constructor(readonly statusCode: number, what: string) {
    super(`Microsoft Graph answered ${statusCode} for ${what}`);
  }
}

export interface GraphClientOptions {
  /** How long one request may take. */
  timeoutMs: number;
  /** How long a call may take in all, waits for Graph's throttling included. */
  budgetMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Requests to Microsoft Graph with the bot's token. Throttled (429), a request waits as long
 * as Graph's Retry-After says (1 s, then 2 s, 4 s, where it says nothing) and is tried again;
 * unavailable (503, 504) with a Retry-After, the same; all within the call's budget. Past it,
 * Graph's answer is returned as it was.
 * https://learn.microsoft.com/graph/throttling: "wait the number of seconds specified in the
 * Retry-After header and retry the request".
 */
export class GraphClient {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly baseUrl: string,
    private readonly token: TokenProvider,
    private readonly log: Logger,
    private readonly options: GraphClientOptions,
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The full URL of a path under /v1.0. */
  url(path: string): string {
    return `${this.baseUrl.replace(/\/$/, '')}/v1.0${path}`;
  }

  async request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<Response> {
    const deadline = Date.now() + this.options.budgetMs;
    for (let attempt = 0; ; attempt++) {
      const left = deadline - Date.now();
      const response = await fetch(this.url(path), {
        method,
        headers: { authorization: `Bearer ${await this.token()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(Math.max(1, Math.min(this.options.timeoutMs, left))),
      });
      if (![429, 503, 504].includes(response.status) || attempt >= 3) return response;
      const header = response.headers.get('retry-after');
      const retryAfter = header === null || header.trim() === '' ? Number.NaN : Number(header);
      if (response.status !== 429 && Number.isNaN(retryAfter)) return response;
      const waitMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : 1000 * 2 ** attempt;
      if (waitMs > deadline - Date.now() - 100) return response;
      this.log.info({ status: response.status, waitMs }, 'Microsoft Graph asked to wait; trying again');
      await response.body?.cancel();
      await this.sleep(waitMs);
    }
  }

  /** A JSON answer, or a GraphError naming what was asked. */
  async json<T>(method: 'GET' | 'POST' | 'PATCH', path: string, what: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, body);
    if (!response.ok) {
      await response.body?.cancel();
      throw new GraphError(response.status, what);
    }
    return (await response.json()) as T;
  }
}
