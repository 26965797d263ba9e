import type { Logger } from '../logger';
import type { PacingDocument, PacingStore } from '../store/pacing-store';
import { Limit, Pacer, PacingKey, SlidingWindowLimiter, Wanted, WINDOW_SLACK_MS } from './rate-limiter';

/**
 * Windows up to this long are paced through the store, shared by every instance; longer ones
 * (Teams' 1,800 an hour per thread) by each instance for its share, which is never the limit
 * that binds.
 */
export const SHARED_WINDOW_MS = 30_000;

/** A send is reserved at most this far ahead, so that a slot far off keeps nobody waiting behind it. */
export const RESERVE_AHEAD_MS = 1_000;

/** Attempts at one reservation write before this instance paces on its own share instead: others winning that often means the store is not answering as it should. */
const WRITE_ATTEMPTS = 50;

/** The most a reservation is placed ahead to allow for the store's answer (see `lead`). */
const MAX_LEAD_MS = 250;

/** How often a store that cannot be reached is logged, at most. */
const WARN_EVERY_MS = 60_000;

type Answer = { at: number } | { notBefore: number } | { alone: true } | { unwanted: true };
interface Request {
  keys: PacingKey[];
  wanted: Wanted;
  answer: (a: Answer) => void;
}

/**
 * Teams' limits shared by every instance of the bot through one document in the store: each
 * send is reserved there (a time for each of its keys) before it is made, so that two instances
 * together keep to the channel's and the tenant's budget, whichever of them has the work.
 * Requests waiting at once are reserved together in one write; a write another instance beat
 * is read again and retried. A send is reserved no earlier than the last reservation on any of
 * its keys, so each key's times stay in order and the newest `count` of them say when the next
 * may go. When the store cannot be reached the instance paces on its own equal share
 * (`alone`), as it would with no store at all, and says so in the log once a minute.
 */
export class SharedWindowLimiter implements Pacer {
  private known?: PacingDocument;
  private queue: Request[] = [];
  private flushing?: Promise<void>;
  private lastWarning = -Infinity;
  /**
   * How long the store takes to answer a reservation, recently: a send is reserved that far
   * ahead, so that it goes at its reserved moment and not late by the write's time (Teams
   * counts a call when it arrives; a late call would crowd the next window's first).
   */
  private lead = 0;

  constructor(
    private readonly store: PacingStore,
    /** This instance's share of every limit: for windows too long to share, and when the store fails. */
    private readonly alone: SlidingWindowLimiter,
    private readonly share: (limits: Limit[]) => Limit[],
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async take(keys: PacingKey[], wanted: Wanted = () => true): Promise<boolean> {
    // Counted apart from the same key's short windows, which the fallback below may count here too.
    const long = keys.map(({ key, limits }) => ({ key: `${key} (long windows)`, limits: this.share(limits.filter((l) => l.windowMs > SHARED_WINDOW_MS)) })).filter((k) => k.limits.length);
    if (long.length && !(await this.alone.take(long, wanted))) return false;
    const shared = keys.map(({ key, limits }) => ({ key, limits: limits.filter((l) => l.windowMs <= SHARED_WINDOW_MS) })).filter((k) => k.limits.length);
    if (!shared.length) return true;
    let late = 0;
    for (;;) {
      if (!wanted(0)) return false;
      const answer = await new Promise<Answer>((resolve) => {
        this.queue.push({ keys: shared, wanted, answer: resolve });
        this.kick();
      });
      if ('unwanted' in answer) return false;
      if ('alone' in answer) return this.alone.take(shared.map(({ key, limits }) => ({ key, limits: this.share(limits) })), wanted);
      if ('at' in answer) {
        const wait = answer.at - this.now();
        if (wait > 0) await this.sleep(wait);
        // Woken too late (a busy process): the reserved moment has passed, and a send now could
        // crowd a later window. Reserve again once; the missed slot stays counted, which only wastes it.
        if (this.now() - answer.at <= WINDOW_SLACK_MS || late++) return true;
        continue;
      }
      // At most a second at a time, so a send no longer wanted (a claim running out, shutdown) stops waiting; asking again costs no store request until a slot can be reserved.
      await this.sleep(Math.min(1_000, Math.max(1, answer.notBefore - RESERVE_AHEAD_MS - this.now())));
    }
  }

  /** Start reserving unless already under way; a request that arrives as a flush ends starts the next. */
  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = undefined;
      if (this.queue.length) this.kick();
    });
  }

  /** Reserve what is waiting, one write for all of it, until nothing waits. */
  private async flush(): Promise<void> {
    // Let the sends asked for in this turn of the event loop join the first write.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length) {
      const batch = this.queue.splice(0);
      try {
        await this.reserve(batch);
      } catch (error) {
        this.warn(error);
        for (const r of batch) r.answer({ alone: true });
      }
    }
  }

  private async reserve(batch: Request[]): Promise<void> {
    let doc = this.known ?? (await this.store.read());
    for (let attempt = 1; ; attempt++) {
      const now = this.now();
      const times = recent(doc?.times ?? {}, now);
      const from = now + Math.min(MAX_LEAD_MS, Math.ceil(this.lead));
      const answers = batch.map((r) => place(times, r, from, now));
      if (answers.some((a) => 'at' in a)) {
        const written = await this.store.write({ id: doc?.id ?? '', times, ...(doc?._etag ? { _etag: doc._etag } : {}) });
        this.lead = 0.7 * this.lead + 0.3 * (this.now() - now);
        if (!written) {
          if (attempt >= WRITE_ATTEMPTS) throw new Error(`the shared pacing document was written by others ${attempt} times in a row`);
          this.known = undefined;
          // Another instance wrote first: read what it reserved, after a moment so the two stop colliding.
          await this.sleep(Math.random() * 5 * Math.min(attempt, 4));
          doc = await this.store.read();
          continue;
        }
        this.known = written;
      }
      batch.forEach((r, i) => r.answer(answers[i]!));
      return;
    }
  }

  private warn(error: unknown): void {
    const now = this.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.log.warn({ err: { message: (error as Error).message } }, 'Teams pacing: the shared budget in the store cannot be reached; this instance paces on its own share');
  }
}

/** Each key's times still inside the longest shared window (and its slack), copied so a failed write changes nothing kept. */
function recent(times: Record<string, number[]>, now: number): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [key, ts] of Object.entries(times)) {
    const kept = ts.filter((t) => t > now - SHARED_WINDOW_MS - WINDOW_SLACK_MS);
    if (kept.length) out[key] = kept;
  }
  return out;
}

/**
 * The earliest moment from `from` at which a send on these keys keeps every limit, no earlier
 * than the last reservation on any of its keys; reserved (added to `times`) if it is within
 * RESERVE_AHEAD_MS and the send is still wanted then, otherwise when to ask again.
 */
function place(times: Record<string, number[]>, { keys, wanted }: Request, from: number, now: number): Answer {
  let at = from;
  for (const { key, limits } of keys) {
    const ts = times[key] ?? [];
    if (ts.length) at = Math.max(at, ts[ts.length - 1]!);
    for (const { count, windowMs } of limits) if (ts.length >= count) at = Math.max(at, ts[ts.length - count]! + windowMs + WINDOW_SLACK_MS);
  }
  if (at - from > RESERVE_AHEAD_MS) return { notBefore: at };
  if (!wanted(at - now + WINDOW_SLACK_MS)) return { unwanted: true };
  for (const { key } of keys) (times[key] ??= []).push(at);
  return { at };
}
