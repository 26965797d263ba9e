import assert from 'node:assert/strict';
import path from 'node:path';
import { Harness, cardText, invoke, startHarness, users, validRaise } from '../support/bot-harness';

describe('the bot when a professional\'s manager cannot be found', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ DIRECTORY_FILE: path.join(__dirname, '..', 'fixtures', 'directory-missing-manager.json') });
  });
  after(() => h.close());

  it('asks the professional to name one, tells the designated lead without the child\'s details, and records the manager named', async () => {
    await h.post(invoke(h, users.alex, 'raise.submit', validRaise));
    await h.host.outbox.idle();
    const toChris = h.connector.calls.filter((c) => c.conversationId === `a:personal-${users.chris.id}` && c.path.includes('/activities'));
    assert.equal(toChris.length, 1);
    assert.match(toChris[0]!.body.text, /Alex Morgan \(Hillside Primary School\) is a party to professional disagreement PD-2026-0001, and their first-line manager could not be found/);
    assert.ok(!JSON.stringify(toChris).includes('HPS-4411') && !JSON.stringify(toChris).includes('J.B.'));
    const toAlex = h.connector.calls.filter((c) => c.conversationId === `a:personal-${users.alex.id}` && c.path.includes('/activities'));
    assert.ok(toAlex.some((c) => /Please name them on the thread's card/.test(c.body.text)));

    const doc = (await h.host.service.mine(users.alex))[0]!;
    const view = await h.post(invoke(h, users.alex, 'dispute.refresh', { disputeId: doc.id }));
    assert.match(cardText(view.body.value), /Name my manager/);
    const named = await h.post(invoke(h, users.alex, 'dispute.nameManager', { disputeId: doc.id, managerLevel: 'first-line', managerId: users.priya.directoryId }));
    assert.match(cardText(named.body.value), /your manager is recorded/);
    const after = (await h.host.service.load(doc.id))!;
    assert.deepEqual((after.state.sides.raiser.managers['first-line'] ?? []).map((p) => p.name), ['Priya Shah']);
    const unknown = await h.post(invoke(h, users.alex, 'dispute.nameManager', { disputeId: doc.id, managerLevel: 'senior', managerId: 'nobody' }));
    assert.match(cardText(unknown.body.value), /ask the partnership to add them.*Nothing was saved/);
  });
});
