import assert from 'node:assert/strict';
import { fromPerson, ukTime } from '../support/bot-harness';
import { button } from '../support/card-client';
import { people, Rig } from '../support/black-box';

/**
 * What a turn costs the store, counted at the wire between the bot and the store. Messages
 * are left to the sweep here, so only the turn's own requests are counted.
 */
describe('store requests per turn', function () {
  this.timeout(60_000);
  const rig = new Rig();
  before(() => rig.start());
  after(() => rig.stop());

  it('a state-changing press costs one read and one conditional write; a card refresh one read; help none', async () => {
    const w = await rig.world({}, { deliverAfterSave: false });
    try {
      await w.raise();
      const view = await w.viewOf(people.alex);
      const save = button(view, 'Save my account');

      const counted = async (turn: () => Promise<unknown>): Promise<string[]> => {
        const from = rig.proxy.seen.length;
        await turn();
        return rig.proxy.seen.slice(from);
      };

      const press = await counted(() => w.press(people.alex, save, { accountPosition: 'Tier 4 indicators are met', accountImpact: 'Hungry' }));
      assert.deepEqual(press, ['GET docs', 'POST batch'], 'one point read, one conditional write (the head and its new history entry, in one transactional batch)');
      assert.equal((await w.stored()).events, 2, 'and the press was taken');

      const refresh = await counted(() => w.invoke(people.alex, 'dispute.refresh', { disputeId: w.disputeId }));
      assert.deepEqual(refresh, ['GET docs']);

      const help = await counted(() => w.h.post({
        type: 'message', id: 'm-help', text: 'help', serviceUrl: w.h.connector.url, channelId: 'msteams',
        recipient: { id: '28:bot', name: 'Professional Disagreements' }, ...fromPerson(people.alex, w.personal(people.alex)),
      }));
      assert.deepEqual(help, []);
    } finally {
      await w.close();
    }
  });

  it('a press that may bring people in (escalate now) costs the same two requests: who is away is read at most every 30 s per instance', async () => {
    const w = await rig.world({}, { deliverAfterSave: false });
    try {
      await w.raise();
      await w.timeReaches('2026-12-29T10:00'); // Stage 1 runs out: who is away is read as Stage 2 is entered
      const escalate = button(await w.viewOf(people.priya), 'Escalate to Stage 3 now');
      await new Promise((resolve) => setTimeout(resolve, 50)); // the address learned from Priya's first activity is written after that turn
      const from = rig.proxy.seen.length;
      const answer = await w.press(people.priya, escalate, { escalationReason: 'We cannot agree on the threshold' });
      assert.match(answer.notice, /^Escalated/);
      const seen = rig.proxy.seen.slice(from);
      assert.deepEqual(seen, ['GET docs', 'POST batch'], 'one point read and one batch write: no query for who is away');
      assert.equal((await w.stored()).stage, 3);
    } finally {
      await w.close();
    }
  });

  it('approving an escalation, the first press on an instance to bring people in, costs two requests where who is away is kept fresh in the background, as the bot runs', async () => {
    const w = await rig.world({}, { deliverAfterSave: false });
    const stop = w.h.host.absences.keepFresh(() => ukTime('2026-12-24T10:00'));
    try {
      await w.raise();
      await w.press(people.alex, button(await w.viewOf(people.alex), 'Ask to escalate'), { requestReason: 'The child was seen with bruising today' });
      const approve = button(await w.viewOf(people.priya), 'Approve escalation to Stage 2');
      await new Promise((resolve) => setTimeout(resolve, 50)); // the address learned from Priya's first activity is written after that turn
      const from = rig.proxy.seen.length;
      const answer = await w.press(people.priya, approve, { escalationReason: 'It cannot wait' });
      assert.match(answer.notice, /^Escalat/);
      assert.deepEqual(rig.proxy.seen.slice(from), ['GET docs', 'POST batch'], 'who is away was read before the press, not by it');
      assert.equal((await w.stored()).stage, 2);
    } finally {
      stop();
      await w.close();
    }
  });

  /** The store requests since it was called, those for Teams' shared budget (pacing) apart. */
  const counting = () => {
    const from = { store: rig.proxy.seen.length, teams: rig.connector.calls.length };
    return () => {
      const pacing = (i: number) => rig.proxy.targets[from.store + i]!.startsWith('sequences/teams-pacing');
      const seen = rig.proxy.seen.slice(from.store);
      return {
        store: seen.filter((_, i) => !pacing(i)),
        pacing: seen.filter((_, i) => pacing(i)),
        bytes: rig.proxy.bytes.slice(from.store).filter((_, i) => !pacing(i)),
        targets: rig.proxy.targets.slice(from.store).filter((_, i) => !pacing(i)),
        teams: rig.connector.calls.slice(from.teams),
      };
    };
  };

  it('delivering a press\'s messages costs at most two store requests per Teams call, and the raise\'s too', async () => {
    const w = await rig.world();
    try {
      const raising = counting();
      await w.raise();
      await w.h.host.outbox.idle();
      const raised = raising();
      const view = await w.viewOf(people.alex);
      const save = button(view, 'Save my account');
      const pressing = counting();
      await w.press(people.alex, save, { accountPosition: 'Tier 4 indicators are met', accountImpact: 'Hungry' });
      await w.h.host.outbox.idle();
      const pressed = pressing();
      const turn = 2;
      assert.ok(pressed.teams.length >= 2, `the press was announced and the card refreshed (${pressed.teams.length} Teams calls)`);
      assert.ok(pressed.store.length - turn <= 2 * pressed.teams.length, `${pressed.store.length - turn} store requests for ${pressed.teams.length} Teams calls: ${pressed.store.join(', ')}`);
      assert.ok(raised.teams.length >= 3, 'the thread opened and both professionals told');
      // Besides delivery, once per person and instance: the address book's look-up and record of the
      // raiser (2), and one query, with its plan, for the viewers' 29: ids (2), and the look-up of the respondent's chat (2).
      const addressBook = 6;
      assert.ok(raised.store.length - addressBook <= 2 * raised.teams.length, `${raised.store.length} store requests for the raise's ${raised.teams.length} Teams calls: ${raised.store.map((r, i) => `${r} ${raised.targets[i]}`).join(', ')}`);
      // Teams' budget, shared by the instances: at most one reservation per call (sends waiting
      // at once share one), and the document's first read and creation.
      for (const [what, counted] of [['press', pressed], ['raise', raised]] as const) {
        assert.ok(counted.pacing.length <= counted.teams.length + 2, `${counted.pacing.length} requests for the shared budget for the ${what}'s ${counted.teams.length} Teams calls: ${counted.pacing.join(', ')}`);
      }
    } finally {
      await w.close();
    }
  });

  it('what a press writes does not grow with the dispute: 10 conversation records and 25 within 1.2x (the bench goes to 300), and the card stays under Teams\' limit', async () => {
    const w = await rig.world();
    try {
      await w.raise();
      await w.h.host.outbox.idle();
      const record = async (n: number) => {
        const card = await w.viewOf(people.alex);
        await w.press(people.alex, button(card, 'Save the record'), { recordDate: '2026-12-24', recordTime: '09:30', recordParticipants: 'Alex Morgan, Sam Taylor', recordDiscussed: `Visit ${n}: the referral decision and what school has seen this week` });
        await w.h.host.outbox.idle();
      };
      const writtenBy = async (n: number) => {
        const next = counting();
        await record(n);
        const { store, bytes } = next();
        // The press's own write comes first; the rest are its delivery's.
        const writes = store.flatMap((kind, i) => (kind === 'POST batch' ? [bytes[i]!.sent] : []));
        return writes[0]!;
      };
      for (let n = 1; n < 10; n++) await record(n);
      const at10 = await writtenBy(10);
      for (let n = 11; n < 25; n++) await record(n);
      const at25 = await writtenBy(25);
      assert.ok(at25 <= 1.2 * at10, `a press wrote ${at10} bytes at 10 records and ${at25} at 25`);
      const card = await w.viewOf(people.alex);
      assert.ok(JSON.stringify(card).length < 28_000, `the card is ${JSON.stringify(card).length} bytes`);
      assert.match(JSON.stringify(card), /15 earlier conversation records are in the dispute's full record/);
      assert.equal((await w.h.host.service.history(w.disputeId)).filter((e) => e.event.type === 'conversation-recorded').length, 25, 'the history keeps every record');
    } finally {
      await w.close();
    }
  });
});
