import type { DisputeService } from '../app/dispute-service';
import { CLOCK } from '../domain/person';
import type { Actor } from '../domain/dispute';
import type { Logger } from '../logger';
import type { DisputeRepository } from '../store/dispute-repository';

export const PROTOCOL_CLOCK: Actor = { ...CLOCK, role: { kind: 'system' } };

/**
 * Fires due deadlines. Every bot instance runs one. A deadline is fired by running the
 * "deadline reached" command for the exact due time it was read with: the dispute is
 * written under its etag, so when two instances fire the same deadline one write wins and
 * the other, deciding again on the fresh state, finds that deadline already dealt with.
 */
export class DeadlineScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly repository: DisputeRepository,
    private readonly service: DisputeService,
    private readonly clock: () => Date,
    private readonly log: Logger,
    private readonly retentionDays?: number,
    private readonly batchSize = 100,
    /** Due disputes fired at once: enough to keep Teams' pace busy in a storm, few enough to spare the store. */
    private readonly concurrency = 8,
  ) {}

  /**
   * Fire everything due now, started oldest first, several at once; returns how many
   * deadlines this instance fired.
   * A call while a sweep is running joins it. Each sweep logs one line, with its counts.
   */
  sweep(): Promise<number> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sweepOnce(): Promise<number> {
    const started = Date.now();
    const counts = { fired: 0, alreadyDealtWith: 0, failed: 0, purged: 0 };
    try {
      if (this.retentionDays) {
        counts.purged = await this.repository.purgeClosedBefore(new Date(this.clock().getTime() - this.retentionDays * 86_400_000));
      }
      // Each firing moves a dispute's next moment on, so rounds end; the cap is a safety net.
      for (let round = 0; round < 50; round++) {
        const due = await this.repository.listDue(this.clock(), this.batchSize);
        let firedThisRound = 0;
        await eachAtMost(this.concurrency, due, async ({ id, dueAt }) => {
          const result = await this.service.act(id, PROTOCOL_CLOCK, { kind: 'deadline-reached', due: dueAt });
          if (result.ok && result.changed) firedThisRound++;
          else if (!result.ok && result.refusal.code !== 'stale' && result.refusal.code !== 'not-due') {
            counts.failed++;
            this.log.error({ disputeId: id, refusal: result.refusal.code }, 'deadline could not be fired');
          } else counts.alreadyDealtWith++;
        });
        counts.fired += firedThisRound;
        // A round that fired nothing means what is left belongs to other instances' writes.
        if (firedThisRound === 0) break;
      }
    } catch (error) {
      this.log.error({ ...counts, ms: Date.now() - started, err: { message: (error as Error).message } }, 'deadline sweep failed');
      throw error;
    }
    if (counts.fired || counts.failed || counts.purged) this.log.info({ ...counts, ms: Date.now() - started }, 'deadline sweep');
    return counts.fired;
  }

  start(intervalMs: number): void {
    // The sweep logs for itself, once; a tick that joins a running sweep adds nothing.
    const tick = () => void this.sweep().catch(() => undefined);
    tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

/** Run `work` over `items`, at most `limit` at a time, starting them in order. */
export async function eachAtMost<T>(limit: number, items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
