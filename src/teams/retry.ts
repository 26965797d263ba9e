/** Statuses worth another try: throttled, precondition races and gateway hiccups. */
const RETRYABLE = new Set([412, 429, 502, 503, 504]);

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

interface HttpishError {
  statusCode?: number;
  response?: { headers?: { get?(name: string): string | undefined } | Record<string, string> };
}

export function statusOf(error: unknown): number | undefined {
  return (error as HttpishError | undefined)?.statusCode;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as HttpishError | undefined)?.response?.headers;
  if (!headers) return undefined;
  const raw = typeof (headers as { get?: unknown }).get === 'function' ? (headers as { get(n: string): string | undefined }).get('retry-after') : (headers as Record<string, string>)['retry-after'];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Call the connector, retrying throttling and transient failures with jittered backoff, honouring Retry-After. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const status = statusOf(error);
      if (attempt >= options.attempts || status === undefined || !RETRYABLE.has(status)) throw error;
      const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const jittered = backoff / 2 + options.random() * (backoff / 2);
      await options.sleep(Math.min(options.maxDelayMs, Math.max(retryAfterMs(error) ?? 0, jittered)));
    }
  }
}
