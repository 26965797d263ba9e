import assert from 'node:assert/strict';
import type { DisputeDocument } from '../../src/store/dispute-document';
import { verifyHistory } from '../../src/store/history-chain';
import { Harness, invoke, message, personal, startHarness, users, validRaise } from '../support/bot-harness';

describe('tamper-evident history (real store)', () => {
  let h: Harness;
  let id: string;

  before(async () => {
    h = await startHarness();
    await h.post(invoke(h, users.alex, 'raise.submit', validRaise));
    await h.host.outbox.idle();
    id = (await h.host.service.mine(users.alex))[0]!.id;
    await h.post(invoke(h, users.sam, 'dispute.recordAccount', { disputeId: id, accountPosition: 'Below threshold', accountImpact: 'Low' }));
    await h.post(invoke(h, users.alex, 'dispute.recordConversation', { disputeId: id, recordDate: '2026-12-24', recordTime: '15:00', recordParticipants: 'Alex, Sam', recordDiscussed: 'Attendance' }));
    await h.host.outbox.idle();
  });
  after(() => h.close());

  /** Change the stored document behind the bot's back, as someone with database access could. */
  async function tamper(change: (doc: DisputeDocument) => DisputeDocument): Promise<void> {
    const { resource } = await h.store.disputes.item(id, id).read<DisputeDocument>();
    await h.store.disputes.item(id, id).replace(change(structuredClone(resource!)));
  }

  async function check() {
    const { resource } = await h.store.disputes.item(id, id).read<DisputeDocument>();
    return verifyHistory(resource!.history, resource!.state);
  }

  it('an untouched record verifies, and every event is sealed to the one before', async () => {
    const result = await check();
    assert.deepEqual(result, { intact: true, events: 3 });
  });

  it('editing an event is detected', async () => {
    const original = (await h.store.disputes.item(id, id).read<DisputeDocument>()).resource!;
    await tamper((doc) => {
      (doc.history[1]!.event as { account: { position: string } }).account.position = 'Threshold met';
      return doc;
    });
    assert.match(JSON.stringify(await check()), /event 2 was changed after it was recorded/);
    await tamper(() => original);
  });

  it('reordering events is detected', async () => {
    const original = (await h.store.disputes.item(id, id).read<DisputeDocument>()).resource!;
    await tamper((doc) => ({ ...doc, history: [doc.history[0]!, doc.history[2]!, doc.history[1]!] }));
    assert.equal((await check()).intact, false);
    await tamper(() => original);
  });

  it('removing the last event is detected, even with the seals left consistent', async () => {
    const original = (await h.store.disputes.item(id, id).read<DisputeDocument>()).resource!;
    await tamper((doc) => ({ ...doc, history: doc.history.slice(0, 2) }));
    assert.match(JSON.stringify(await check()), /does not match its recorded history/);
    await tamper(() => original);
  });

  it('"verify PD-…" tells the people involved whether the record is intact, and nobody else anything', async () => {
    h.connector.reset();
    await h.post(message(h, users.sam, 'verify PD-2026-0001'));
    assert.match(h.connector.repliesTo(personal(users.sam).id)[0]?.body.text, /The record of PD-2026-0001 is intact: 3 events/);
    await tamper((doc) => {
      (doc.history[0]!.event as { child: { initials: string } }).child.initials = 'X.Y.';
      return doc;
    });
    await h.post(message(h, users.sam, 'verify PD-2026-0001'));
    assert.match(h.connector.repliesTo(personal(users.sam).id)[1]?.body.text, /Warning: the record of PD-2026-0001 has been altered: event 1 was changed/);
    await h.post(message(h, users.outsider, 'verify PD-2026-0001'));
    assert.match(h.connector.repliesTo(personal(users.outsider).id)[0]?.body.text, /There is no dispute PD-2026-0001 that you are a party to/);
  });
});
