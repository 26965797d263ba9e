import assert from 'node:assert/strict';
import { raiseDispute, startHarness, ukTime as uk } from '../support/bot-harness';

describe('a sweep, as the operator reads the log', () => {
  it('logs one line per sweep with its counts, however many ticks joined it; a missed reminder costs no write', async () => {
    const h = await startHarness();
    try {
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(await raiseDispute(h, new Date(uk('2026-11-09T09:00').getTime() + i * 60_000)));
      await h.host.outbox.idle();
      // Wednesday: each dispute's half-way reminder and its Stage 1 deadline have both passed.
      h.setNow(uk('2026-11-11T12:00'));
      const before = h.logs.lines.length;
      const sweeps = await Promise.all(Array.from({ length: 5 }, () => h.host.scheduler.sweep()));
      await h.host.outbox.idle();
      assert.deepEqual(sweeps, [3, 3, 3, 3, 3], 'five ticks joined one sweep');
      const lines = h.logs.lines.slice(before).map((l) => JSON.parse(l) as { msg: string; fired?: number; failed?: number });
      const sweepLines = lines.filter((l) => /sweep/.test(l.msg));
      assert.equal(sweepLines.length, 1, JSON.stringify(sweepLines));
      assert.equal(sweepLines[0]!.fired, 3);
      assert.equal(sweepLines[0]!.failed, 0);
      for (const id of ids) {
        const history = await h.host.service.history(id);
        assert.deepEqual(history.map((e) => e.event.type), ['raised', 'stage-entered'], 'the passed reminder was dropped without a write of its own');
      }
    } finally {
      await h.close();
    }
  });

  it('logs one line per delivery sweep, however many ticks joined it', async () => {
    const h = await startHarness({}, { deliverAfterSave: false });
    try {
      await raiseDispute(h, uk('2026-11-09T09:00'));
      await raiseDispute(h, uk('2026-11-09T09:05'));
      const before = h.logs.lines.length;
      await Promise.all(Array.from({ length: 5 }, () => h.host.outbox.sweep()));
      await h.host.outbox.idle();
      const lines = h.logs.lines.slice(before).map((l) => JSON.parse(l) as { msg: string; disputes?: number });
      const sweeps = lines.filter((l) => l.msg === 'outbox sweep');
      assert.equal(sweeps.length, 1, JSON.stringify(sweeps));
      assert.equal(sweeps[0]!.disputes, 2);
      assert.ok(lines.filter((l) => l.msg === 'message delivered').length >= 2, 'the messages went');
    } finally {
      await h.close();
    }
  });
});
