import assert from 'node:assert/strict';
import sinon from 'sinon';
import { createLogger } from '../../src/logger';
import type { PacingDocument, PacingStore } from '../../src/store/pacing-store';
import { CosmosPacingStore } from '../../src/store/pacing-store';
import { connectStore } from '../../src/store/cosmos-connection';
import { Limit, pacingKey, PacingKey, shareOf, SlidingWindowLimiter, TEAMS_THREAD_LIMITS, tenantLimits } from '../../src/teams/rate-limiter';
import { SharedWindowLimiter } from '../../src/teams/shared-pacing';
import { LogCapture } from '../support/bot-harness';

/** The store's part, as Cosmos DB behaves: a write under a stale etag is refused. */
class MemoryPacingStore implements PacingStore {
  private doc?: PacingDocument;
  private version = 0;
  reads = 0;
  writes = 0;
  refused = 0;
  failing = false;
  async read(): Promise<PacingDocument | undefined> {
    this.reads++;
    if (this.failing) throw new Error('store unreachable');
    return this.doc && structuredClone(this.doc);
  }
  async write(doc: PacingDocument): Promise<PacingDocument | undefined> {
    this.writes++;
    if (this.failing) throw new Error('store unreachable');
    if ((doc._etag ?? '') !== (this.doc?._etag ?? '')) {
      this.refused++;
      return undefined;
    }
    this.doc = { id: 'teams-pacing', times: structuredClone(doc.times), _etag: `v${++this.version}` };
    return structuredClone(this.doc);
  }
}

const CHANNEL = (n: number) => `19:disputes@thread.tacv2;messageid=${n}`;
const quiet = () => createLogger('info', new LogCapture());

function instance(store: PacingStore, instances = 2, log = quiet()): SharedWindowLimiter {
  return new SharedWindowLimiter(store, new SlidingWindowLimiter(), (limits: Limit[]) => shareOf(limits, instances), log);
}

/** The most sends in any window of this length. */
function busiest(times: number[], windowMs: number): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));
}

describe('pacing shared by every instance through the store', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'Date'] });
  });
  afterEach(() => clock.restore());

  /** Run every instance's sends to the end on the fake clock; the times each send went. */
  async function run(jobs: { limiter: SharedWindowLimiter; keys: (i: number) => PacingKey[]; sends: number }[]): Promise<number[][]> {
    const times = jobs.map(() => [] as number[]);
    const done = Promise.all(jobs.map(async (job, j) => {
      for (let i = 0; i < job.sends; i++) {
        await job.limiter.take(job.keys(i));
        times[j]!.push(Date.now());
      }
    }));
    await clock.runAllAsync();
    await done;
    return times;
  }

  it('an instance with all the work uses the whole channel budget, not half of it', async () => {
    const store = new MemoryPacingStore();
    const [alone] = await run([{ limiter: instance(store), keys: (i) => [{ key: pacingKey(CHANNEL(i)), limits: TEAMS_THREAD_LIMITS }], sends: 16 }]);
    const start = alone![0]!;
    // Alone with its own half it could send 3 in the first second; with the shared budget, 7.
    assert.equal(alone!.filter((t) => t < start + 1000).length, 7);
    assert.ok(busiest(alone!, 2000) <= 8);
  });

  it('two instances posting into one channel keep to its limits together, and use all of them', async () => {
    const store = new MemoryPacingStore();
    const [a, b] = await run([
      { limiter: instance(store), keys: (i) => [{ key: pacingKey(CHANNEL(i)), limits: TEAMS_THREAD_LIMITS }], sends: 12 },
      { limiter: instance(store), keys: (i) => [{ key: pacingKey(CHANNEL(100 + i)), limits: TEAMS_THREAD_LIMITS }], sends: 12 },
    ]);
    const all = [...a!, ...b!].sort((x, y) => x - y);
    assert.ok(busiest(all, 1000) <= 7, `${busiest(all, 1000)} in one second`);
    assert.ok(busiest(all, 2000) <= 8, `${busiest(all, 2000)} in two seconds`);
    assert.equal(all.filter((t) => t < all[0]! + 1000).length, 7, 'the first seven go at once, from both');
  });

  it('two instances keep to a tenant budget of 30 a second together', async () => {
    const store = new MemoryPacingStore();
    const tenant = tenantLimits(30);
    const keys = (n: number) => (i: number) => [{ key: `conversation:a:${n}-${i}`, limits: TEAMS_THREAD_LIMITS }, { key: 'tenant:t', limits: tenant }];
    const [a, b] = await run([{ limiter: instance(store), keys: keys(1), sends: 45 }, { limiter: instance(store), keys: keys(2), sends: 45 }]);
    const all = [...a!, ...b!].sort((x, y) => x - y);
    assert.ok(busiest(all, 1000) <= 30, `${busiest(all, 1000)} in one second`);
    assert.equal(all.filter((t) => t < all[0]! + 1000).length, 30, 'the budget is used, not wasted');
    assert.ok(all.at(-1)! - all[0]! < 3_200, 'ninety sends at 30 a second take about three seconds');
  });

  it('reserves the sends waiting at once in one write', async () => {
    const store = new MemoryPacingStore();
    const limiter = instance(store);
    const all = Promise.all(Array.from({ length: 20 }, (_, i) => limiter.take([{ key: `conversation:a:${i}`, limits: TEAMS_THREAD_LIMITS }, { key: 'tenant:t', limits: tenantLimits(30) }])));
    await clock.runAllAsync();
    await all;
    assert.equal(store.writes, 1, 'twenty sends asked for at once: one write');
  });

  it('gives up a send that would go too late for its claim, without using any of the budget', async () => {
    const store = new MemoryPacingStore();
    const limiter = instance(store);
    const key = [{ key: pacingKey(CHANNEL(1)), limits: TEAMS_THREAD_LIMITS }];
    await run([{ limiter, keys: () => key, sends: 7 }]);
    // The eighth's turn is a second away; its claim holds for half of that.
    const late = limiter.take(key, (inMs) => inMs < 500);
    await clock.runAllAsync();
    assert.equal(await late, false);
    assert.equal((await store.read())!.times[pacingKey(CHANNEL(1))]!.length, 7, 'no slot reserved for it');
  });

  it('paces on its own equal part while the store cannot be reached, and says so once', async () => {
    const store = new MemoryPacingStore();
    store.failing = true;
    const logs = new LogCapture();
    const [alone] = await run([{ limiter: instance(store, 2, createLogger('info', logs)), keys: (i) => [{ key: pacingKey(CHANNEL(i)), limits: TEAMS_THREAD_LIMITS }], sends: 8 }]);
    assert.equal(alone!.filter((t) => t < alone![0]! + 1000).length, 3, 'half of seven a second');
    assert.equal(logs.lines.filter((l) => l.includes('shared budget in the store cannot be reached')).length, 1);
  });

  it('keeps the hourly limit on its own part, without the store', async () => {
    const store = new MemoryPacingStore();
    const limiter = instance(store, 2);
    const hourly = [{ count: 4, windowMs: 3_600_000 }];
    const [times] = await run([{ limiter, keys: () => [{ key: 'conversation:a:1', limits: hourly }], sends: 3 }]);
    assert.equal(store.writes, 0);
    assert.ok(times![2]! - times![0]! >= 3_600_000, 'two an hour each for two instances');
  });
});

describe('pacing shared through the real Cosmos DB protocol', function () {
  this.timeout(30_000);

  it('two instances reserving against the embedded store keep to 10 a second together', async () => {
    const connection = await connectStore({ kind: 'embedded', database: 'pacing-test' });
    try {
      const tenant: Limit[] = [{ count: 10, windowMs: 1_000 }];
      const limiters = [0, 1].map(() => instance(new CosmosPacingStore(connection.sequences)));
      const times: number[] = [];
      await Promise.all(limiters.map(async (limiter, n) => {
        for (let i = 0; i < 12; i++) {
          await limiter.take([{ key: `conversation:${n}-${i}`, limits: TEAMS_THREAD_LIMITS }, { key: 'tenant:t', limits: tenant }]);
          times.push(Date.now());
        }
      }));
      times.sort((x, y) => x - y);
      assert.equal(times.length, 24);
      assert.ok(busiest(times, 1000) <= 10, `${busiest(times, 1000)} in one second`);
      assert.ok(times.at(-1)! - times[0]! < 3_000, `24 sends at 10 a second took ${times.at(-1)! - times[0]!} ms`);
    } finally {
      await connection.close();
    }
  });
});
