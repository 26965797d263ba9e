import assert from 'node:assert/strict';
import { SlidingWindowLimiter, TEAMS_TENANT_LIMITS, TEAMS_THREAD_LIMITS } from '../../src/teams/rate-limiter';

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
    for (let i = 0; i < 50; i++) await limiter.take([{ key: `thread-${i}`, limits: TEAMS_THREAD_LIMITS }, { key: 'tenant', limits: TEAMS_TENANT_LIMITS }]);
    assert.equal(clock.now(), 0, '50 threads, one message each: no waiting');
    await limiter.take([{ key: 'thread-50', limits: TEAMS_THREAD_LIMITS }, { key: 'tenant', limits: TEAMS_TENANT_LIMITS }]);
    assert.equal(clock.now(), 1000, 'the 51st waits for the tenant window');
  });
});
