import assert from 'node:assert/strict';
import { Harness, message, personal, startHarness, users } from '../support/bot-harness';

/** The bot's own reply to a message, answered 429 by Teams, is sent again after its Retry-After, once. */
describe('a reply Teams throttles', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('is sent again after the Retry-After, and arrives once', async () => {
    h.connector.reset();
    const chat = personal(users.alex).id;
    const isReply = (c: { method: string; conversationId: string }) => c.method === 'POST' && c.conversationId === chat;
    h.connector.failNext(isReply, 429, { 'Retry-After': '0' });
    h.connector.failNext(isReply, 503);
    await h.post(message(h, users.alex, 'help'));
    const replies = h.connector.repliesTo(chat);
    assert.equal(replies.length, 1, 'one reply, after two refusals');
    assert.match(replies[0]!.body.text ?? '', /raise/);
  });

  it('a reply refused for good (403) is not tried again', async () => {
    h.connector.reset();
    const chat = personal(users.sam).id;
    h.connector.failNext((c) => c.method === 'POST' && c.conversationId === chat, 403);
    await h.post(message(h, users.sam, 'help'));
    assert.ok(!h.connector.repliesTo(chat).some((r) => /raise/.test(r.body.text ?? '')), 'the refused reply was not sent again');
  });
});
