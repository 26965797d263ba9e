import assert from 'node:assert/strict';
import { EventItem, eventItemId } from '../../src/store/dispute-document';
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

  const events = () => h.host.repository.history(id);
  const eventItem = (seq: number) => h.store.disputes.item(eventItemId(id, seq), id);

  /** Change a stored history entry behind the bot's back, as someone with database access could. */
  async function tamper(seq: number, change: (item: EventItem) => EventItem): Promise<() => Promise<void>> {
    const { resource } = await eventItem(seq).read<EventItem>();
    await eventItem(seq).replace(change(structuredClone(resource!)));
    return async () => void (await eventItem(seq).replace(resource!));
  }

  async function check() {
    const head = (await h.host.service.load(id))!;
    return verifyHistory(await events(), head.state, head.sealed);
  }

  it('an untouched record verifies, and every event is sealed to the one before', async () => {
    const result = await check();
    assert.deepEqual(result, { intact: true, events: 3 });
    const head = (await h.host.service.load(id))!;
    assert.equal(head.sealed.hash, (await events())[2]!.hash, 'the head names the last entry');
    assert.equal(JSON.stringify(head).includes('prevHash'), false, 'the head holds no history of its own');
  });

  it('editing an event is detected', async () => {
    const restore = await tamper(2, (item) => {
      (item.event as { account: { position: string } }).account.position = 'Threshold met';
      return item;
    });
    assert.match(JSON.stringify(await check()), /event 2 was changed after it was recorded/);
    await restore();
  });

  it('reordering events is detected', async () => {
    const [, second, third] = await events();
    const restoreSecond = await tamper(2, (item) => ({ ...item, event: third!.event }));
    const restoreThird = await tamper(3, (item) => ({ ...item, event: second!.event }));
    assert.equal((await check()).intact, false);
    await restoreSecond();
    await restoreThird();
    assert.equal((await check()).intact, true);
  });

  it('removing the last event is detected, even with the seals left consistent', async () => {
    const { resource } = await eventItem(3).read<EventItem>();
    await eventItem(3).delete();
    assert.match(JSON.stringify(await check()), /the record ends at event 2 but the dispute was last written at event 3/);
    const head = (await h.host.service.load(id))!;
    const [, second] = await events();
    // Someone who also rewinds the head's seal is caught by the state, which no longer folds from what is left.
    assert.match(JSON.stringify(verifyHistory(await events(), head.state, { seq: 2, hash: second!.hash })), /does not match its recorded history/);
    await h.store.disputes.items.create(resource!);
  });

  it('"verify PD-…" tells the people involved whether the record is intact, and nobody else anything', async () => {
    h.connector.reset();
    await h.post(message(h, users.sam, 'verify PD-2026-0001'));
    assert.match(h.connector.repliesTo(personal(users.sam).id)[0]?.body.text, /The record of PD-2026-0001 is intact: 3 events/);
    await tamper(1, (item) => {
      (item.event as { child: { initials: string } }).child.initials = 'X.Y.';
      return item;
    });
    await h.post(message(h, users.sam, 'verify PD-2026-0001'));
    assert.match(h.connector.repliesTo(personal(users.sam).id)[1]?.body.text, /Warning: the record of PD-2026-0001 has been altered: event 1 was changed/);
    await h.post(message(h, users.outsider, 'verify PD-2026-0001'));
    assert.match(h.connector.repliesTo(personal(users.outsider).id)[0]?.body.text, /There is no dispute PD-2026-0001 that you are a party to/);
  });
});
