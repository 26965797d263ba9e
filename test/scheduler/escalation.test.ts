import assert from 'node:assert/strict';
import type { RecordedCall } from '../support/fake-connector';
import { Harness, cardText, invoke, raiseDispute as raiseAt, startHarness, timePasses as tick, ukTime as uk, users } from '../support/bot-harness';

const mentionedIds = (call: RecordedCall | undefined) => (call?.body.entities ?? []).map((e: { mentioned: { id: string } }) => e.mentioned.id).sort();

describe('escalation when timescales run out (injected clock, real store, fake connector)', () => {
  describe('a full run from raise to Stage 4 across Christmas and New Year', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness();
    });
    after(() => h.close());

    it('reminds who owes the next step, escalates on time, and mentions the right people at each stage', async () => {
      const id = await raiseAt(h, uk('2026-12-24T16:30'));
      const thread = (await h.host.service.load(id))!.thread!.conversationId;
      let seen = h.connector.postsIn(thread).length;
      const at = async (local: string) => {
        await tick(h, uk(local));
        const posts = h.connector.postsIn(thread).slice(seen);
        seen = h.connector.postsIn(thread).length;
        return posts;
      };

      // Stage 1: raised on Christmas Eve; Christmas, Boxing Day (substitute Mon 28) and the weekend pass.
      assert.deepEqual(await at('2026-12-28T23:59'), [], 'nothing over the holiday');
      // Half of Stage 1's working time: half an hour on Christmas Eve, three and a half on Tuesday.
      assert.deepEqual(await at('2026-12-29T12:29'), [], 'half way is counted in working time, not by the clock');
      const halfway = await at('2026-12-29T12:30');
      assert.match(halfway[0]!.body.text, /^<at>.*Half way: Stage 1: Professional to professional of PD-2026-0001 is due by Tue 29 Dec 2026, 16:30/);
      assert.deepEqual(mentionedIds(halfway[0]), [users.alex.aadObjectId, users.sam.aadObjectId].sort(), 'neither has recorded an account yet');
      await h.post(invoke(h, users.alex, 'dispute.recordAccount', { disputeId: id, accountPosition: 'Worried', accountImpact: 'High' }));
      await h.host.outbox.idle();
      seen = h.connector.postsIn(thread).length;
      const twoHoursBefore = await at('2026-12-29T14:30');
      assert.deepEqual(mentionedIds(twoHoursBefore[0]), [users.sam.aadObjectId], 'only the one who still owes an account');
      assert.deepEqual(await at('2026-12-29T16:29'), []);

      const stage2 = await at('2026-12-29T16:30');
      assert.equal(stage2.length, 1);
      assert.match(stage2[0]!.body.text, /moved to Stage 2: First-line manager to first-line manager.*Respond by Thu 31 Dec 2026, 16:30/);
      assert.deepEqual(mentionedIds(stage2[0]), [users.jo.aadObjectId, users.priya.aadObjectId].sort());
      const managerCard = stage2[0]!.body.attachments?.[0]?.content;
      assert.ok(managerCard?.refresh.userIds.every((id: string) => id.startsWith('29:')), 'the message carries the card, refreshed into the own view of each person the bot has heard from');
      h.setNow(uk('2026-12-29T16:31'));
      const priyaView = cardText((await h.post(invoke(h, users.priya, 'dispute.refresh', { disputeId: id }))).body.value);
      for (const expected of ['Why I am worried', 'Record the agreed resolution', 'Escalate to Stage 3 now', 'I disagree with my practitioner\'s assessment', 'highlighting the child\'s risk or need']) {
        assert.ok(priyaView.includes(expected), `manager view shows ${expected}`);
      }
      // Half way through Stage 2 nobody has said they have seen it: the next tier (Chris, the
      // senior manager over both) is brought in, then the half-way reminder goes to the level's leads.
      assert.deepEqual((await at('2026-12-30T16:30')).map(mentionedIds), [[users.chris.aadObjectId], [users.chris.aadObjectId, users.jo.aadObjectId, users.priya.aadObjectId].sort()], 'half way through Stage 2');
      const twoHoursLeft = await at('2026-12-31T14:30');
      assert.equal(twoHoursLeft.length, 1, 'two working hours before');
      assert.match(twoHoursLeft[0]!.body.text, /Two working hours left: Stage 2/, 'the second reminder says which it is');

      // Stage 2 ran out; New Year's Day and the weekend follow.
      const stage3 = await at('2026-12-31T16:30');
      assert.match(stage3[0]!.body.text, /moved to Stage 3: Senior manager to senior manager.*Respond by Tue 5 Jan 2027, 16:30/);
      assert.deepEqual(mentionedIds(stage3[0]), [users.chris.aadObjectId]);
      assert.deepEqual(await at('2027-01-03T12:00'), [], 'no reminder at the weekend');
      assert.deepEqual(await at('2027-01-04T16:29'), [], 'half way is not Monday morning: only half an hour of Stage 3 had passed by then');
      assert.equal((await at('2027-01-04T16:30')).length, 1, 'half of Stage 3\'s working time: half an hour on Thursday and eight on Monday');
      assert.equal((await at('2027-01-05T14:30')).length, 1);

      // Stage 3 ran out: a senior manager must approve; reminders until someone decides.
      const approval = await at('2027-01-05T16:30');
      assert.match(approval[0]!.body.text, /^<at>Chris Lee<\/at> Stage 3 of PD-2026-0001 has run out/);
      assert.deepEqual(await at('2027-01-05T20:30'), [], 'no reminder in the evening');
      assert.deepEqual(await at('2027-01-06T12:29'), [], 'four working hours: half an hour on Tuesday, three and a half on Wednesday');
      assert.match((await at('2027-01-06T12:30'))[0]!.body.text, /Reminder: Stage 3 of PD-2026-0001 has run out/);

      // The senior manager approves from the card: Stage 4, the secretariat is told.
      h.setNow(uk('2027-01-06T13:00'));
      const approved = await h.post(invoke(h, users.chris, 'dispute.approveEscalation', { disputeId: id, fromStage: '3', escalationReason: 'Policy question for the panel' }));
      assert.match(cardText(approved.body.value), /Escalated/);
      const again = await h.post(invoke(h, users.chris, 'dispute.approveEscalation', { disputeId: id, fromStage: '3', escalationReason: 'Policy question for the panel' }));
      assert.match(cardText(again.body.value), /Already done: nothing more to change/, 'pressing twice has the effect of once');
      await h.host.outbox.idle();
      const stage4 = h.connector.postsIn(thread).slice(seen);
      assert.match(stage4[0]!.body.text, /moved to Stage 4: Safeguarding Partnership resolution panel.*Respond by Wed 13 Jan 2027, 13:00/);
      assert.ok(stage4.some((p) => /referred to Stage 4: Safeguarding Partnership resolution panel/.test(p.body.text) && mentionedIds(p).includes(users.chris.aadObjectId)));
      const doc = (await h.host.service.load(id))!;
      assert.deepEqual(doc.state.stages.map((s) => [s.stage, s.how]), [[1, 'raised'], [2, 'timescale-ran-out'], [3, 'timescale-ran-out'], [4, 'approved']]);
    });
  });

  describe('several instances and restarts', () => {
    let a: Harness;
    let b: Harness;
    before(async () => {
      a = await startHarness();
      b = await startHarness({}, {}, { store: a.store, connector: a.connector });
    });
    after(async () => {
      await b.close();
      await a.close();
    });

    it('two schedulers against one store fire every deadline exactly once', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push(await raiseAt(a, new Date(uk('2026-11-09T09:00').getTime() + i * 60_000)));
      const later = uk('2026-11-10T12:00');
      a.setNow(later);
      b.setNow(later);
      const [firedA, firedB] = await Promise.all([a.host.scheduler.sweep(), b.host.scheduler.sweep()]);
      await Promise.all([a.host.outbox.idle(), b.host.outbox.idle()]);
      let scheduled = 0;
      for (const id of ids) {
        const doc = (await a.host.service.load(id))!;
        const history = await a.host.service.history(id);
        assert.equal(doc.state.stage, 2);
        assert.equal(history.filter((e) => e.event.type === 'stage-entered').length, 1, 'Stage 2 entered once');
        const reminders = history.filter((e) => e.event.type === 'reminder-sent').map((e) => (e.event as { reminder: string }).reminder);
        assert.equal(new Set(reminders).size, reminders.length, 'each reminder fired once');
        scheduled += reminders.length + 1;
        assert.equal(a.connector.postsIn(doc.thread!.conversationId).filter((p) => /moved to Stage 2/.test(p.body.text)).length, 1, 'one Stage 2 message per dispute');
      }
      assert.equal(firedA + firedB, scheduled, `fired ${firedA} + ${firedB}: every deadline and reminder once between them`);
    });

    it('after downtime a restarted instance fires every missed deadline once', async () => {
      const first = await startHarness();
      const ids = [
        await raiseAt(first, uk('2026-11-16T11:00')),
        await raiseAt(first, uk('2026-11-16T09:30')),
        await raiseAt(first, uk('2026-11-16T10:15')),
      ];
      const threads = await Promise.all(ids.map(async (id) => (await first.host.service.load(id))!.thread!.conversationId));
      first.connector.reset();
      // Nothing ran on Tuesday; a fresh instance starts on Wednesday against the same store.
      const restarted = await startHarness({}, {}, { store: first.store, connector: first.connector });
      try {
        await tick(restarted, uk('2026-11-18T08:00'));
        const order = first.connector.calls.filter((c) => /moved to Stage 2/.test(c.body?.text ?? '')).map((c) => threads.indexOf(c.conversationId));
        assert.deepEqual([...order].sort(), [0, 1, 2], 'each dispute moved to Stage 2 once');
        assert.ok(!first.connector.calls.some((c) => /Reminder:/.test(c.body?.text ?? '')), 'no reminder for a deadline already passed');
        assert.equal(await tick(restarted, uk('2026-11-18T08:05')), 0, 'and only once');
      } finally {
        await restarted.close();
        await first.close();
      }
    });
  });

  describe('delivery under throttling', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness();
    });
    after(() => h.close());

    it('a connector answering 429 with Retry-After, then 200: delivered once, late', async () => {
      const id = await raiseAt(h, uk('2026-11-23T10:00'));
      const thread = (await h.host.service.load(id))!.thread!.conversationId;
      h.connector.failNext((c) => c.conversationId === thread && c.method === 'POST', 429, { 'Retry-After': '0.04' });
      const before = Date.now();
      await tick(h, uk('2026-11-24T10:00'));
      const stage2 = h.connector.postsIn(thread).filter((p) => /moved to Stage 2/.test(p.body.text));
      assert.equal(stage2.length, 1);
      assert.ok(stage2[0]!.at - before >= 40, `delivered ${stage2[0]!.at - before} ms after the first try`);
      const doc = (await h.host.service.load(id))!;
      assert.equal(doc.pendingEffects, 0);
    });
  });
});
