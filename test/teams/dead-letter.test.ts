import assert from 'node:assert/strict';
import type { RecordedCall } from '../support/fake-connector';
import { raiseDispute, startHarness, ukTime as uk, User, users } from '../support/bot-harness';

const OPS = '19:operations@thread.tacv2';
/** A message to a person's own chat: Teams asked for the chat by their object id, or a post into the chat they wrote from. */
const personalTo = (user: User) => (c: RecordedCall) =>
  c.method === 'POST' && ((c.path === '/v3/conversations' && !c.body.channelData?.channel && JSON.stringify(c.body.members ?? []).includes(user.aadObjectId)) || c.conversationId === `a:personal-${user.id}`);
const opsNotices = (calls: RecordedCall[]) => calls.filter((c) => c.path === '/v3/conversations' && c.body.channelData?.channel?.id === OPS);

describe('a message Teams will not take', () => {
  it('a recipient gone (403) is given up at once; the messages after it still go; the log and the operations channel are told, without details', async () => {
    const h = await startHarness({ OPERATIONS_CHANNEL_ID: OPS });
    try {
      h.connector.failNext(personalTo(users.alex), 403);
      const id = await raiseDispute(h, uk('2026-11-09T10:00'));
      const doc = (await h.host.service.load(id))!;
      const given = doc.outbox.filter((o) => o.deadLetteredAt);
      assert.deepEqual(given.map((o) => [o.delivery.kind, o.lastError, o.attempts]), [['personal', 'recipient-gone (HTTP 403)', 1]]);
      assert.equal(doc.pendingEffects, 0, 'nothing is left blocking the dispute');
      assert.ok(doc.outbox.some((o) => o.delivery.kind === 'personal' && o.delivery.to.name === 'Sam Taylor' && o.deliveredAt), 'Sam is still told');
      // What was sent is in Teams; the head keeps whom it went to, not its words. What was given up keeps them, for the operator.
      assert.ok(doc.outbox.filter((o) => o.deliveredAt).every((o) => !('text' in o.delivery) || o.delivery.text === ''), 'delivered messages are kept without their words');
      assert.ok(given.every((o) => 'text' in o.delivery && o.delivery.text.length > 0));
      const notices = opsNotices(h.connector.calls);
      assert.equal(notices.length, 1);
      const text = JSON.stringify(notices[0]!.body);
      assert.match(text, new RegExp(`${doc.reference} could not be delivered`));
      assert.doesNotMatch(text, /HPS-4411|J\.B\./, 'no details of the child');
      const logged = h.logs.lines.map((l) => JSON.parse(l) as { level: number; msg: string; reference?: string }).filter((l) => l.msg === 'message given up: not delivered');
      assert.equal(logged.length, 1);
      assert.ok(logged[0]!.level >= 50, 'at error level');
    } finally {
      await h.close();
    }
  });

  it('a message Teams keeps refusing for now (412) is tried OUTBOX_MAX_ATTEMPTS times across sweeps, then given up', async () => {
    const h = await startHarness({ OPERATIONS_CHANNEL_ID: OPS, OUTBOX_MAX_ATTEMPTS: '2' });
    try {
      // Each attempt retries 412 four times within itself (the test's retry settings).
      for (let i = 0; i < 8; i++) h.connector.failNext(personalTo(users.sam), 412);
      const id = await raiseDispute(h, uk('2026-11-09T10:00'));
      let item = (await h.host.service.load(id))!.outbox.find((o) => o.delivery.kind === 'personal' && o.delivery.to.name === 'Sam Taylor')!;
      assert.equal(item.attempts, 1);
      assert.equal(item.deadLetteredAt, undefined, 'one failed attempt is tried again later');
      assert.equal(opsNotices(h.connector.calls).length, 0);
      await h.host.outbox.sweep();
      await h.host.outbox.idle();
      item = (await h.host.service.load(id))!.outbox.find((o) => o.id === item.id)!;
      assert.equal(item.attempts, 2);
      assert.ok(item.deadLetteredAt, 'given up after the second attempt');
      assert.match(item.lastError ?? '', /retry \(HTTP 412\)/);
      assert.equal(opsNotices(h.connector.calls).length, 1);
    } finally {
      await h.close();
    }
  });
});
