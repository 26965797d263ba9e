import assert from 'node:assert/strict';
import { pacingKey, shareOf, SlidingWindowLimiter, TEAMS_THREAD_LIMITS, tenantLimits, WINDOW_SLACK_MS } from '../../src/teams/rate-limiter';

const TENANT_50 = tenantLimits(50);

/** A clock that only moves when the limiter sleeps: pacing decisions, not machine speed. */
function virtualClock() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

describe('pacing sends to Teams limits', () => {
  it('sends at most 7 messages to a thread in any second, and 8 in any two', async () => {
    const clock = virtualClock();
    const limiter = new SlidingWindowLimiter(clock.now, clock.sleep);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      await limiter.take([{ key: 'thread-a', limits: TEAMS_THREAD_LIMITS }]);
      times.push(clock.now());
    }
    for (const [window, most] of [[1000, 7], [2000, 8]] as const) {
      for (const t of times) assert.ok(times.filter((u) => u >= t && u < t + window).length <= most, `more than ${most} in ${window} ms from ${t}`);
    }
    assert.equal(times.filter((t) => t < 1000).length, 7, 'the first seven go at once');
  });

  it('does not slow one thread for another, but holds a tenant to about 50 a second', async () => {
    const clock = virtualClock();
    const limiter = new SlidingWindowLimiter(clock.now, clock.sleep);
    for (let i = 0; i < 50; i++) await limiter.take([{ key: `thread-${i}`, limits: TEAMS_THREAD_LIMITS }, { key: 'tenant', limits: TENANT_50 }]);
    assert.equal(clock.now(), 0, '50 threads, one message each: no waiting');
    await limiter.take([{ key: 'thread-50', limits: TEAMS_THREAD_LIMITS }, { key: 'tenant', limits: TENANT_50 }]);
    assert.equal(clock.now(), 1000 + WINDOW_SLACK_MS, 'the 51st waits for the tenant window, and the slack for the time on the wire');
  });

  it('two instances posting into one channel stay under its per-thread limits together', async () => {
    const clock = virtualClock();
    const instances = [new SlidingWindowLimiter(clock.now, clock.sleep), new SlidingWindowLimiter(clock.now, clock.sleep)];
    const times: number[] = [];
    await Promise.all(instances.map(async (limiter) => {
      for (let i = 0; i < 20; i++) {
        await limiter.take([{ key: pacingKey(`19:disputes@thread.tacv2;messageid=${i}`), limits: shareOf(TEAMS_THREAD_LIMITS, 2) }]);
        times.push(clock.now());
      }
    }));
    for (const t of times) {
      assert.ok(times.filter((u) => u >= t && u < t + 1000).length <= 7, `more than 7 in the second from ${t}`);
      assert.ok(times.filter((u) => u >= t && u < t + 2000).length <= 8, `more than 8 in the two seconds from ${t}`);
    }
  });

  it('two instances sharing a tenant budget of 30 a second stay under it together', async () => {
    const clock = virtualClock();
    // Two instances, one clock: each paces itself to its share, without talking to the other.
    const instances = [new SlidingWindowLimiter(clock.now, clock.sleep), new SlidingWindowLimiter(clock.now, clock.sleep)];
    const share = tenantLimits(30, 2);
    const times: number[] = [];
    await Promise.all(instances.map(async (limiter, n) => {
      for (let i = 0; i < 45; i++) {
        await limiter.take([{ key: `thread-${n}-${i}`, limits: TEAMS_THREAD_LIMITS }, { key: 'tenant', limits: share }]);
        times.push(clock.now());
      }
    }));
    for (const t of times) assert.ok(times.filter((u) => u >= t && u < t + 1000).length <= 30, `more than 30 in the second from ${t}`);
    assert.equal(times.filter((t) => t < 1000).length, 30, 'the budget is used, not wasted');
  });

  it('forgets a conversation once its longest window has passed, and still paces one that is busy', async () => {
    const clock = virtualClock();
    const limiter = new SlidingWindowLimiter(clock.now, clock.sleep);
    const keys = (n: number) => [{ key: `chat-${n}`, limits: TEAMS_THREAD_LIMITS }];
    for (let n = 0; n < 100; n++) await limiter.take(keys(n));
    assert.equal((limiter as unknown as { sent: Map<string, number[]> }).sent.size, 100);
    await clock.sleep(3_600_000 + 2 * WINDOW_SLACK_MS);
    for (let i = 0; i < 8; i++) await limiter.take(keys(999));
    assert.equal((limiter as unknown as { sent: Map<string, number[]> }).sent.size, 1, 'the hundred quiet chats are forgotten');
    assert.ok(clock.now() >= 3_600_000 + 1_000, 'the busy chat is still held to 7 a second');
  });

  it('counts a channel\'s threads together, as Teams does', () => {
    assert.equal(pacingKey('19:abc@thread.tacv2;messageid=111'), pacingKey('19:abc@thread.tacv2;messageid=222'));
    assert.notEqual(pacingKey('19:abc@thread.tacv2;messageid=111'), pacingKey('a:personal-1'));
  });
});
