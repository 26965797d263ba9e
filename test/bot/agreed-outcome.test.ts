import assert from 'node:assert/strict';
import { Harness, cardText, invoke, raiseDispute, startHarness, timePasses, ukTime as uk, users } from '../support/bot-harness';

describe('an agreed outcome over real HTTP', () => {
  let h: Harness;
  let id: string;
  before(async () => {
    h = await startHarness();
    id = await raiseDispute(h, uk('2026-11-23T10:00'));
    await timePasses(h, uk('2026-11-24T10:00')); // Stage 2: the first-line managers are involved and must confirm too.
  });
  after(() => h.close());

  it('closes only when both professionals and both first-line managers have confirmed; nobody else can confirm', async () => {
    h.setNow(uk('2026-11-24T11:00'));
    const proposed = await h.post(invoke(h, users.sam, 'dispute.proposeOutcome', {
      disputeId: id,
      outcome: 'Strategy discussion to be held',
      outstandingIssues: 'School attendance support',
      outcomeActions: 'Hold strategy discussion | Jo Evans | 25/11/2026\nAttendance plan | Priya Shah | 01/12/2026',
      howPursued: 'Core group review',
    }));
    assert.match(cardText(proposed.body.value), /Proposed. Everyone who must confirm has been asked/);

    const outsider = await h.post(invoke(h, users.outsider, 'dispute.confirmOutcome', { disputeId: id }));
    assert.ok(!cardText(outsider.body.value).includes('confirmation is recorded'));
    const chris = await h.post(invoke(h, users.chris, 'dispute.confirmOutcome', { disputeId: id }));
    assert.match(cardText(chris.body.value), /Only the professionals and the managers involved confirm the outcome. Nothing was changed/);

    for (const who of [users.alex, users.priya]) await h.post(invoke(h, who, 'dispute.confirmOutcome', { disputeId: id }));
    assert.equal((await h.host.service.load(id))!.status, 'open', 'Jo has not confirmed yet');
    h.connector.reset();
    await h.post(invoke(h, users.jo, 'dispute.confirmOutcome', { disputeId: id }));
    await h.host.outbox.idle();
    const doc = (await h.host.service.load(id))!;
    assert.equal(doc.status, 'closed');
    assert.ok(doc.state.status === 'closed' && doc.state.closure.how === 'agreed');
    assert.equal(doc.dueAt, uk('2026-11-25T09:00').toISOString(), 'next: the first action falls due');
    const notice = h.connector.postsIn(doc.thread!.conversationId).find((p) => /closed with an agreed outcome/.test(p.body.text));
    assert.ok(notice, 'the thread is told');
    assert.ok(!notice.body.text.includes('Strategy discussion'), 'the outcome itself stays in the entitled views');
    const threadCard = h.connector.updatesIn(doc.thread!.conversationId).at(-1)!.body.attachments[0].content;
    assert.match(cardText(threadCard), /Closed: agreed outcome confirmed/);
    const view = cardText((await h.post(invoke(h, users.alex, 'dispute.refresh', { disputeId: id }))).body.value);
    assert.match(view, /Proposed outcome: Strategy discussion to be held\. Outstanding issues: School attendance support\. Actions: Hold strategy discussion \(Jo Evans, by Wed 25 Nov 2026\)/);
    assert.match(view, /Pick the themes of this dispute/);
  });

  it('each action\'s owner is reminded in the thread when it falls due, without the action\'s words', async () => {
    const doc = (await h.host.service.load(id))!;
    h.connector.reset();
    await timePasses(h, uk('2026-11-25T09:00'));
    const [first] = h.connector.postsIn(doc.thread!.conversationId);
    assert.match(first!.body.text, /^<at>Jo Evans<\/at> Reminder: an action agreed when PD-2026-0001 closed falls due today \(owner: Jo Evans\)/);
    assert.ok(!first!.body.text.includes('strategy discussion'));
    await timePasses(h, uk('2026-12-01T09:00'));
    const posts = h.connector.postsIn(doc.thread!.conversationId);
    assert.equal(posts.length, 2);
    assert.deepEqual(posts[1]!.body.entities.map((e: { mentioned: { name: string } }) => e.mentioned.name), ['Priya Shah']);
    assert.equal((await h.host.service.load(id))!.dueAt, null, 'nothing more to remind');
  });

  it('the professionals pick the themes after closing', async () => {
    const res = await h.post(invoke(h, users.alex, 'dispute.recordThemes', { disputeId: id, themes: 'thresholds,roles-and-responsibilities' }));
    assert.match(cardText(res.body.value), /themes are recorded/);
    const state = (await h.host.service.load(id))!.state;
    assert.deepEqual(state.status === 'closed' ? state.themes?.[0]?.themes : undefined, ['thresholds', 'roles-and-responsibilities']);
  });
});
