import assert from 'node:assert/strict';
import { Rig, World } from '../support/black-box';

/*
 * The bot is stopped across a weekend with a level under way. The instance that starts on
 * Monday catches up on everything that passed, in order, as it would have happened on time:
 * the next tier brought in for the managers who never said they had seen it, then the level
 * running out, then the next; the stale reminders are not sent.
 */
describe('black box: the bot down from Tuesday to Monday', function () {
  this.timeout(120_000);
  let rig: Rig;
  before(async () => {
    rig = await new Rig().start();
  });
  after(() => rig?.stop());

  it('the first sweep after a restart brings in the next tier, then moves the levels on, in order, once', async () => {
    const w = await rig.world();
    let restarted: World | undefined;
    try {
      await w.raise({}, '2026-12-07T10:00');
      await w.timeReaches('2026-12-08T10:00'); // Stage 1 runs out: Stage 2 until Thu 10 Dec 10:00
      const before = await w.stored();
      assert.equal(before.stage, 2);
      const postsBefore = w.h.connector.postsIn(w.thread).length;
      // Tuesday noon the bot stops; nobody says they have seen Stage 2. It starts again on Monday.
      await w.h.close();
      restarted = await rig.anotherInstance(w);
      await restarted.timeReaches('2026-12-14T12:00');

      const after = await restarted.stored();
      const history = (await restarted.h.host.service.history(restarted.disputeId)).slice(before.events);
      assert.deepEqual(history.map((e) => e.event.type), ['stood-in', 'stood-in', 'stage-entered', 'approval-awaited'], 'the next tier at Stage 2, Stage 3 from Thursday, its deadline on Monday');
      assert.equal(after.stage, 3);
      assert.equal(after.status, 'awaiting-approval');
      const posts = rig.connector.postsIn(w.thread).slice(postsBefore).map((c) => String(c.body.text ?? ''));
      assert.equal(posts.length, 3, posts.join('\n'));
      assert.match(posts[0]!, /Chris Lee is brought into PD-2026-0001 at Stage 2 for Priya Shah and Jo Evans: nobody on that side said they had seen it by half the timescale/);
      assert.match(posts[1]!, /PD-2026-0001 has moved to Stage 3/);
      assert.match(posts[2]!, /Stage 3 of PD-2026-0001 has run out without an agreed outcome/);
      assert.ok(!posts.some((p) => /Half way|Two working hours left|press "I've seen this"/.test(p)), 'reminders that no longer help are not sent');

      // Sweeping again finds nothing more to do.
      await restarted.timeReaches('2026-12-14T12:01');
      assert.equal((await restarted.stored()).events, after.events);
    } finally {
      await (restarted ?? w).close();
    }
  });
});
