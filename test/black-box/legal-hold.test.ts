import assert from 'node:assert/strict';
import { button, hasButton } from '../support/card-client';
import { people, RAISE_TYPED, Rig, TWO_SECRETARIAT, World } from '../support/black-box';
import { rendererErrors, schemaErrors } from '../support/card-validation';

const { alex, chris, sam, helen } = people;

/**
 * A legal hold, as the secretariat uses it: placed from the dispute card for a practice review,
 * it keeps a closed dispute past its retention period; lifted, retention applies again. Both
 * are in the dispute's history.
 */
describe('black box: a legal hold keeps a dispute past its retention period', function () {
  this.timeout(60_000);
  let rig: Rig;
  let w: World;

  before(async () => {
    rig = await new Rig().start();
    w = await rig.world({ RETENTION_DAYS: '30', DIRECTORY_FILE: TWO_SECRETARIAT });
    await w.raise();
    await w.press(alex, button(await w.viewOf(alex), 'Withdraw'), { withdrawReason: 'Resolved in a phone call' });
    await w.settle();
  });
  after(async () => {
    await w?.close();
    await rig?.stop();
  });

  const pastRetention = () => new Date(Date.now() + 400 * 86_400_000);

  it('only the secretariat is offered the hold; the parties are not', async () => {
    assert.ok(hasButton(await w.viewOf(chris), 'Place the hold'));
    assert.ok(!hasButton(await w.viewOf(alex), 'Place the hold'));
    assert.ok(!hasButton(await w.viewOf(sam), 'Place the hold'));
    assert.equal((await w.h.host.service.load(w.disputeId))!.ttl, 37 * 86_400, 'closed and not held: Azure\'s time-to-live is set');
  });

  it('placed for a practice review: retention leaves the dispute alone, and Azure\'s time-to-live is off', async () => {
    const answer = await w.press(chris, button(await w.viewOf(chris), 'Place the hold'), { holdBasis: 'practice-review' });
    assert.match(answer.notice, /The legal hold is placed/);
    await w.settle();
    assert.equal(await w.h.host.repository.purgeClosedBefore(pastRetention()), 0);
    const doc = await w.h.host.service.load(w.disputeId);
    assert.ok(doc, 'the dispute is kept');
    assert.equal(doc!.ttl, undefined, 'no time-to-live while held');
    const history = JSON.stringify((await w.viewOf(alex)).body);
    assert.match(history, /Placed a legal hold for a child safeguarding practice review/);
    assert.ok(!hasButton(await w.viewOf(chris), 'Place the hold'), 'one hold at a time');
  });

  it('lifted: both are in the history, and retention deletes the dispute with its history', async () => {
    const answer = await w.press(chris, button(await w.viewOf(chris), 'Lift the legal hold'));
    assert.match(answer.notice, /The legal hold is lifted/);
    await w.settle();
    const history = await w.h.host.service.history(w.disputeId);
    assert.deepEqual(history.map((e) => e.event.type).slice(-2), ['legal-hold-placed', 'legal-hold-lifted']);
    assert.match(JSON.stringify((await w.viewOf(chris)).body), /Lifted the legal hold/);
    assert.equal(await w.h.host.repository.purgeClosedBefore(pastRetention()), 1);
    assert.equal(await w.h.host.service.load(w.disputeId), undefined);
    assert.deepEqual(await w.h.host.service.history(w.disputeId), []);
  });

  it('a secretariat member outside the dispute holds it from a card that shows nothing about the child', async () => {
    const other = await rig.world({ DIRECTORY_FILE: TWO_SECRETARIAT });
    try {
      await other.raise();
      const card = await other.viewOf(helen);
      assert.deepEqual(schemaErrors(card), []);
      assert.deepEqual(rendererErrors(card), []);
      const shown = JSON.stringify(card);
      for (const value of [RAISE_TYPED.caseReference, RAISE_TYPED.initials, RAISE_TYPED.about]) assert.ok(!shown.includes(value), `the card shows "${value}"`);
      const answer = await other.press(helen, button(card, 'Place the hold'), { holdBasis: 'court-proceedings' });
      assert.match(answer.notice, /The legal hold is placed/);
      assert.match(JSON.stringify(answer.card), /In force since .* \(court proceedings\), placed by Helen Ward/);
      assert.ok(!JSON.stringify(answer.card).includes(RAISE_TYPED.caseReference));
      await other.settle();
      assert.match(JSON.stringify((await other.viewOf(alex)).body), /Placed a legal hold for court proceedings/);
      // Any other press from her is still refused: she is not part of the dispute.
      const refused = await other.invoke(helen, 'dispute.withdraw', { disputeId: other.disputeId, withdrawReason: 'x' });
      assert.match(refused.notice, /You are not part of/);
    } finally {
      await other.close();
    }
  });
});
