import assert from 'node:assert/strict';
import { cardText, users } from '../support/bot-harness';
import { button } from '../support/card-client';
import { Rig, World } from '../support/black-box';

/*
 * Two instances of the bot behind one load balancer, on one store: people's presses land on
 * either. Each instance holds the heads it last read or wrote, and asks the store for one only
 * if it changed (If-None-Match): a press on an instance whose copy is out of date must still be
 * decided on the dispute as it stands, and a press repeated on the other instance must still be
 * "Already done".
 */
describe('black box: presses spread over two instances', function () {
  this.timeout(120_000);
  let rig: Rig;
  before(async () => {
    rig = await new Rig().start();
  });
  after(() => rig?.stop());

  it('each press is decided on the dispute as it stands, whichever instance took the last one, at two store requests', async () => {
    const a = await rig.world();
    let b: World | undefined;
    try {
      await a.raise({}, '2026-12-21T10:00');
      b = await rig.anotherInstance(a);

      // Alex records his account on A; A now holds the head it wrote.
      const alexCard = await a.viewOf(users.alex);
      const saved = await a.press(users.alex, button(alexCard, 'Save my account'), { accountPosition: 'Tier 4 indicators are met', accountImpact: 'No food in the house' });
      assert.match(saved.notice, /Your account is recorded/);

      // Sam records his on B, which has never read it.
      const samButton = button(await b.viewOf(users.sam), 'Save my account');
      const samTyped = { accountPosition: 'Below threshold: universal services', accountImpact: 'Low' };
      const samSaved = await b.press(users.sam, samButton, samTyped);
      assert.match(samSaved.notice, /Your account is recorded/);

      // Back on A, whose copy is out of date: the press is decided on both accounts, and says so.
      await Promise.all([a.settle(), b.settle()]); // the messages each press caused, sent
      const from = rig.proxy.seen.length;
      const record = await a.press(users.alex, button(alexCard, 'Save the record'), { recordDate: '2026-12-21', recordTime: '11:00', recordParticipants: 'Alex Morgan, Sam Taylor', recordDiscussed: 'Both accounts, and a joint visit' });
      const requests = rig.proxy.seen.slice(from, from + 2);
      assert.match(record.notice, /The record is added/);
      assert.match(cardText(record.card), /Below threshold: universal services/, 'the answer shows Sam\'s account, saved on the other instance');
      assert.deepEqual(requests, ['GET docs', 'POST batch'], 'the changed head read whole, then written: still two requests');

      // Sam's press repeated on A (as if Teams sent it again to the other instance): nothing more changes.
      const events = (await a.stored()).events;
      const again = await a.press(users.sam, samButton, samTyped);
      assert.match(again.notice, /Already done/);
      assert.equal((await a.stored()).events, events);
      const history = await a.h.host.service.history(a.disputeId);
      assert.deepEqual(history.map((h) => h.seq), Array.from({ length: history.length }, (_, i) => i + 1), 'one history, each entry after the last, whichever instance wrote it');
      assert.equal(history.filter((h) => h.event.type === 'account-recorded').length, 2);
    } finally {
      await b?.h.close();
      await a.close();
    }
  });
});
