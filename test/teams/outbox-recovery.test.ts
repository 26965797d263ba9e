import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { REPEAT_NOTE } from '../../src/teams/outbox-sender';
import type { DisputeDocument } from '../../src/store/dispute-document';
import { withIndexes } from '../../src/store/dispute-repository';
import { Harness, invoke, startHarness, users, validRaise } from '../support/bot-harness';

describe('outbox: a crash between sending and recording', () => {
  let h: Harness;
  let doc: DisputeDocument;

  before(async () => {
    h = await startHarness();
    h.setNow(new Date('2026-11-23T10:00:00Z'));
    await h.post(invoke(h, users.alex, 'raise.submit', validRaise));
    await h.host.outbox.idle();
    doc = (await h.host.service.mine(users.alex))[0]!;
  });
  after(() => h.close());

  /** A message another instance claimed at `since` and never recorded as sent. */
  async function claimedItem(since: Date): Promise<string> {
    const id = randomUUID();
    await h.host.repository.apply(doc.id, (current) => ({
      doc: withIndexes({
        ...current,
        outbox: [
          ...current.outbox,
          { id, delivery: { kind: 'thread-post', text: `A record of a conversation was added to ${current.reference}.`, mention: [], withCard: false }, createdAt: since.toISOString(), attempts: 0, sendingSince: since.toISOString(), claimedBy: 'an-instance-that-died' },
        ],
      }),
      result: undefined,
    }));
    return id;
  }

  it('leaves a message alone while another instance\'s claim on it is fresh', async () => {
    const id = await claimedItem(new Date('2026-11-23T09:59:30Z'));
    h.connector.reset();
    await h.host.outbox.sweep();
    await h.host.outbox.idle();
    assert.equal(h.connector.calls.length, 0);
    await h.host.repository.apply(doc.id, (current) => ({ doc: withIndexes({ ...current, outbox: current.outbox.filter((o) => o.id !== id) }), result: undefined }));
  });

  it('once the claim has expired, sends it again once, labelled as a possible repeat', async () => {
    const id = await claimedItem(new Date('2026-11-23T09:55:00Z'));
    h.connector.reset();
    await h.host.outbox.sweep();
    await h.host.outbox.idle();
    const posts = h.connector.postsIn(doc.thread!.conversationId);
    assert.equal(posts.length, 1);
    assert.ok(posts[0]!.body.text.startsWith(REPEAT_NOTE), posts[0]!.body.text);
    const item = (await h.host.service.load(doc.id))!.outbox.find((o) => o.id === id)!;
    assert.ok(item.deliveredAt && !item.sendingSince, 'recorded as delivered, claim released');
    await h.host.outbox.sweep();
    await h.host.outbox.idle();
    assert.equal(h.connector.postsIn(doc.thread!.conversationId).length, 1, 'and not a third time');
  });

  it('a message Teams refused is not recorded as sent; it is retried later, without the label', async () => {
    h.connector.reset();
    // A 403 (say, the bot was removed from the team for a while) is not retried on the spot.
    h.connector.failNext((c) => c.conversationId === doc.thread!.conversationId, 403);
    h.setNow(new Date('2026-11-23T10:05:00Z'));
    await h.post(invoke(h, users.sam, 'dispute.recordAccount', { disputeId: doc.id, accountPosition: 'Below threshold', accountImpact: 'Low' }));
    await h.host.outbox.idle();
    assert.equal(h.connector.postsIn(doc.thread!.conversationId).length, 0, 'not delivered yet');
    const pending = (await h.host.service.load(doc.id))!.outbox.filter((o) => !o.deliveredAt);
    assert.equal(pending[0]?.lastError, 'HTTP 403');
    await h.host.outbox.sweep();
    await h.host.outbox.idle();
    const posts = h.connector.postsIn(doc.thread!.conversationId);
    assert.equal(posts.length, 1);
    assert.ok(!posts[0]!.body.text.includes(REPEAT_NOTE));
  });

  it('a send whose turn comes after its claim has run out is not made: the instance that takes the item over sends it once', async () => {
    const b = await startHarness({}, {}, { store: h.store, connector: h.connector });
    try {
      const start = new Date('2026-11-23T10:00:00Z');
      h.setNow(start);
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      await h.host.repository.apply(doc.id, (current) => ({
        doc: withIndexes({
          ...current,
          outbox: [...current.outbox, ...ids.map((id, i) => ({ id, delivery: { kind: 'thread-post' as const, text: `Message ${i + 1} of ${current.reference}.`, mention: [], withCard: false }, createdAt: start.toISOString(), attempts: 0 }))],
        }),
        result: undefined,
      }));
      h.connector.reset();
      // While the first message is being sent, this instance's clock passes most of the claim's two minutes (it waited its turn).
      h.connector.onCall = () => h.setNow(new Date(start.getTime() + 110_000));
      await h.host.outbox.sweep();
      await h.host.outbox.idle();
      h.connector.onCall = undefined;
      const thread = doc.thread!.conversationId;
      assert.deepEqual(h.connector.postsIn(thread).map((p) => p.body.text), [`Message 1 of ${doc.reference}.`], 'the rest were not sent once the claim was nearly out');
      const after = (await h.host.service.load(doc.id))!;
      assert.ok(ids.slice(1).every((id) => { const o = after.outbox.find((x) => x.id === id)!; return !o.deliveredAt && !o.sendingSince && o.attempts === 0; }), 'released, unsent, no attempt counted');
      // The other instance, later, sends them: once each, with no "sent again" label (they never went).
      b.setNow(new Date(start.getTime() + 130_000));
      await b.host.outbox.sweep();
      await b.host.outbox.idle();
      h.setNow(new Date(start.getTime() + 140_000));
      await h.host.outbox.sweep();
      await h.host.outbox.idle();
      assert.deepEqual(h.connector.postsIn(thread).map((p) => p.body.text), [1, 2, 3].map((n) => `Message ${n} of ${doc.reference}.`));
    } finally {
      h.connector.onCall = undefined;
      await b.close();
    }
  });
});

describe('outbox: a storm fired on one of two instances', function () {
  this.timeout(60_000);

  it('the other instance takes its share instead of idling, and every message goes once', async () => {
    const a = await startHarness({ BOT_INSTANCES: '2' }, { pacingId: 'teams-pacing-storm' });
    const b = await startHarness({ BOT_INSTANCES: '2' }, { pacingId: 'teams-pacing-storm' }, { store: a.store, connector: a.connector });
    try {
      const start = new Date('2026-11-23T10:00:00Z');
      a.setNow(start);
      b.setNow(start);
      // Twelve raises on one instance: each opens a thread and tells both professionals.
      const raises: Promise<unknown>[] = [];
      for (let i = 0; i < 12; i++) raises.push(a.post(invoke(a, users.alex, 'raise.submit', { ...validRaise, caseReference: `HPS-${5000 + i}` })));
      await Promise.all(raises);
      // The other instance's sweep runs while the first is still delivering.
      await b.host.outbox.sweep();
      await Promise.all([a.host.outbox.idle(), b.host.outbox.idle()]);
      await a.host.outbox.sweep();
      await a.host.outbox.idle();
      const delivered = (h: Harness) => h.logs.lines.filter((l) => l.includes('"message delivered"')).length;
      assert.ok(delivered(b) > 0, `the second instance delivered ${delivered(b)} of ${delivered(a) + delivered(b)}`);
      assert.equal(a.connector.threadsCreated().length, 12, 'one thread per dispute');
      assert.ok(!a.connector.calls.some((c) => JSON.stringify(c.body).includes('Sent again after an interruption')), 'no repeats');
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('outbox: an instance shutting down with a backlog', function () {
  this.timeout(60_000);

  it('stops within seconds, leaves what it has not sent for the next sweep, and that goes once, without the "sent again" label', async () => {
    const pacingId = `teams-pacing-${randomUUID()}`;
    const a = await startHarness({}, { pacingId });
    let b: Harness | undefined;
    try {
      a.setNow(new Date('2026-11-23T10:00:00Z'));
      // Twelve raises: twelve threads in one channel, which Teams' limits spread over several seconds.
      await Promise.all(Array.from({ length: 12 }, (_, i) => a.post(invoke(a, users.alex, 'raise.submit', { ...validRaise, caseReference: `HPS-${6000 + i}` }))));
      const started = Date.now();
      await a.host.outbox.stop();
      assert.ok(Date.now() - started < 3_000, `stopped in ${Date.now() - started} ms`);
      const left = a.connector.threadsCreated().length;
      assert.ok(left < 12, `the backlog was not waited out (${left} of 12 threads opened before the stop)`);

      b = await startHarness({}, { pacingId }, { store: a.store, connector: a.connector });
      b.setNow(new Date('2026-11-23T10:00:00Z'));
      for (let i = 0; i < 10 && a.connector.threadsCreated().length < 12; i++) {
        await b.host.outbox.sweep();
        await b.host.outbox.idle();
      }
      assert.equal(a.connector.threadsCreated().length, 12, 'every thread opened once');
      assert.ok(!a.connector.calls.some((c) => JSON.stringify(c.body).includes(REPEAT_NOTE)), 'nothing labelled as a possible repeat');
    } finally {
      await b?.close();
      await a.close();
    }
  });
});
