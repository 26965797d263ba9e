/** A limit: at most `count` sends in any `windowMs`. */
export interface Limit {
  count: number;
  windowMs: number;
}

/** Teams' limits for a bot: per thread 7/1 s, 8/2 s, 60/30 s, 1800/hour; about 50/s per tenant. */
export const TEAMS_THREAD_LIMITS: Limit[] = [
  { count: 7, windowMs: 1_000 },
  { count: 8, windowMs: 2_000 },
  { count: 60, windowMs: 30_000 },
  { count: 1_800, windowMs: 3_600_000 },
];
/** One instance's equal part of a budget, for when it cannot share the budget through the store. */
export function shareOf(limits: Limit[], instances: number): Limit[] {
  return limits.map(({ count, windowMs }) => ({ count: Math.max(1, Math.floor(count / instances)), windowMs }));
}

/**
 * The tenant's budget: Teams documents about 50 requests a second per app per tenant and newer
 * pages say 30, so the partnership sets it (default 30). Instances share it through the store
 * (shared-pacing.ts); an instance pacing alone takes its equal part (`shareOf`).
 */
export function tenantLimits(perSecond: number, instances = 1): Limit[] {
  return shareOf([{ count: perSecond, windowMs: 1_000 }], instances);
}

export const TEAMS_TENANT_LIMITS: Limit[] = tenantLimits(30);

/**
 * Slack on every window: Teams counts a call when it arrives, the bot when it sends, and the
 * two differ by the call's time on the wire and by how long a busy process takes to put it
 * there, which varies from call to call. 50 ms was too little with two instances on two cores:
 * a call made 100 ms late crowded the next window's first (429s in the benchmark's storm).
 */
export const WINDOW_SLACK_MS = 200;

/**
 * The conversation a send counts against: a channel's threads ("19:…@thread.tacv2;messageid=…")
 * count together as the channel. Microsoft's rate-limit page sets the per-bot-per-thread limits
 * for "a single conversation" and asks apps to limit what they post "to an individual chat or
 * channel conversation" (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit);
 * it does not say a reply chain counts apart, so the channel is the safe reading.
 */
export const pacingKey = (conversationId: string): string => conversationId.split(';')[0] ?? conversationId;

/** The limits one send counts against, under one key (a conversation, a tenant). */
export interface PacingKey {
  key: string;
  limits: Limit[];
}

/**
 * Whether a send would still be wanted if it went `inMs` from now (0: now). A send under a
 * delivery claim is wanted only while the claim holds.
 */
export type Wanted = (inMs: number) => boolean;

/**
 * Waits until a send is allowed under every limit for every key, and counts it. `wanted` is
 * asked before a slot is taken: a send that would go too late is given up (false) without
 * using any of the budget.
 */
export interface Pacer {
  take(keys: PacingKey[], wanted?: Wanted): Promise<boolean>;
}

/**
 * Paces sends so this instance stays inside Teams' limits instead of collecting 429s. Keys
 * are conversation or tenant ids; each key keeps the times of its recent sends.
 */
export class SlidingWindowLimiter implements Pacer {
  private readonly sent = new Map<string, number[]>();
  private queue: Promise<void> = Promise.resolve();
  /** The longest window any key has used, and when keys past it were last forgotten. */
  private longestWindow = 0;
  private forgotAt = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Wait until a send is allowed under every limit for every key, then count it. */
  take(keys: PacingKey[], wanted: Wanted = () => true): Promise<boolean> {
    // One at a time, so two callers never both take the last slot.
    const turn = this.queue.then(() => this.waitForSlot(keys, wanted));
    this.queue = turn.then(() => undefined, () => undefined);
    return turn;
  }

  /**
   * Drop keys with no send inside the longest window (a person's chat messaged once, a thread
   * long quiet), at most once per that window: a long-running instance would otherwise keep
   * every conversation it ever paced.
   */
  private forgetIdle(now: number): void {
    if (now - this.forgotAt < this.longestWindow) return;
    this.forgotAt = now;
    for (const [key, times] of this.sent) if ((times.at(-1) ?? -Infinity) <= now - this.longestWindow - WINDOW_SLACK_MS) this.sent.delete(key);
  }

  private async waitForSlot(keys: PacingKey[], wanted: Wanted): Promise<boolean> {
    for (;;) {
      if (!wanted(0)) return false;
      const now = this.now();
      this.forgetIdle(now);
      let wait = 0;
      for (const { key, limits } of keys) {
        const longest = Math.max(...limits.map((l) => l.windowMs));
        this.longestWindow = Math.max(this.longestWindow, longest);
        const times = (this.sent.get(key) ?? []).filter((t) => t > now - longest - WINDOW_SLACK_MS);
        this.sent.set(key, times);
        for (const { count, windowMs } of limits) {
          const recent = times.filter((t) => t > now - windowMs - WINDOW_SLACK_MS);
          if (recent.length >= count) wait = Math.max(wait, recent[recent.length - count]! + windowMs + WINDOW_SLACK_MS - now);
        }
      }
      if (wait <= 0) {
        for (const { key } of keys) this.sent.get(key)!.push(now);
        return true;
      }
      await this.sleep(wait);
    }
  }
}
