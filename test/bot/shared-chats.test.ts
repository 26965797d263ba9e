import assert from 'node:assert/strict';
import { SENT_PRIVATELY } from '../../src/bot/chat-command';
import { CHANNEL, Harness, message, personal, raiseDispute, startHarness, ukTime, User, users } from '../support/bot-harness';

/*
 * Every typed command follows one rule in a group chat or a channel: the bot answers only when
 * it is @-mentioned, and anything about the person or a dispute goes to their own chat. Each
 * command is typed in a group chat and in a channel, with and without the mention.
 */

const MENTION = { type: 'mention', text: '<at>Professional Disagreements</at>', mentioned: { id: '28:bot', name: 'Professional Disagreements' } };

const shared = {
  'a group chat': { id: '19:group-chat-1@thread.v2', conversationType: 'groupChat', tenantId: 'tenant-partnership' },
  'a channel': { id: `${CHANNEL};messageid=42`, conversationType: 'channel', tenantId: 'tenant-partnership' },
};

/** Each command, who types it, and what their own chat must then hold. */
const COMMANDS: { text: string; who: User; privately: RegExp }[] = [
  { text: 'verify PD-2026-0001', who: users.sam, privately: /The record of PD-2026-0001 is intact/ },
  { text: 'export PD-2026-0001', who: users.sam, privately: /PD-2026-0001 record\.docx/ },
  { text: 'picture', who: users.chris, privately: /anonymised return/ },
  { text: 'away', who: users.priya, privately: /Save my absence/ },
  { text: 'back', who: users.priya, privately: /Welcome back/ },
  { text: 'status', who: users.sam, privately: /PD-2026-0001/ },
];

describe('typed commands in group chats and channels', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await raiseDispute(h, ukTime('2026-12-24T10:00'));
    await h.host.outbox.idle();
  });
  after(() => h.close());

  /** Everything the bot sent to a person's own chat since the last reset, as text. */
  const ownChat = (who: User) => JSON.stringify(h.connector.calls.filter((c) => c.conversationId === personal(who).id).map((c) => c.body));

  for (const [where, conversation] of Object.entries(shared)) {
    for (const c of COMMANDS) {
      it(`"${c.text}" in ${where}: silence without the mention; with it, the answer in ${c.who.name}'s own chat and one line in ${where}`, async () => {
        h.connector.reset();
        await h.post(message(h, c.who, c.text, conversation));
        await h.host.outbox.idle();
        assert.deepEqual(h.connector.calls.map((x) => x.conversationId), [], 'not mentioned: nothing is said anywhere');

        await h.post({ ...message(h, c.who, `<at>Professional Disagreements</at> ${c.text}`, conversation), entities: [MENTION] });
        await h.host.outbox.idle();
        // Messages only: a slow turn (an export under load) also shows Teams' typing indicator, which says nothing.
        const posted = h.connector.repliesTo(conversation.id).filter((x) => x.body.type === 'message');
        const here = posted.map((x) => x.body.text ?? '');
        assert.equal(here.length, 1, JSON.stringify(posted.map((x) => x.body)).slice(0, 3000));
        assert.match(here[0]!, /personal chat/);
        assert.ok(!here[0]!.includes('PD-2026'), 'the shared chat is not told about any dispute');
        assert.match(ownChat(c.who), c.privately);
      });
    }
  }

  for (const [where, conversation] of Object.entries(shared)) {
    it(`"raise" and "help" in ${where}: silence without the mention; with it, words that name no dispute and point to the personal chat`, async () => {
      for (const [text, expected] of [['raise', /Please raise a disagreement in your personal chat/], ['help', /raise/]] as const) {
        h.connector.reset();
        await h.post(message(h, users.alex, text, conversation));
        assert.deepEqual(h.connector.calls.map((x) => x.conversationId), [], `${text}, not mentioned: nothing is said`);
        await h.post({ ...message(h, users.alex, `<at>Professional Disagreements</at> ${text}`, conversation), entities: [MENTION] });
        const here = h.connector.repliesTo(conversation.id).map((x) => x.body.text ?? '');
        assert.equal(here.length, 1);
        assert.match(here[0]!, expected);
        assert.ok(!here[0]!.includes('PD-2026'));
      }
    });
  }

  it('"verify" and "export" in the personal chat are answered there, as before', async () => {
    h.connector.reset();
    await h.post(message(h, users.sam, 'verify PD-2026-0001'));
    assert.match(h.connector.repliesTo(personal(users.sam).id)[0]?.body.text ?? '', /The record of PD-2026-0001 is intact/);
    assert.ok(!h.connector.calls.some((x) => x.body.text === SENT_PRIVATELY));
  });
});
