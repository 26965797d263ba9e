import assert from 'node:assert/strict';
import mammoth from 'mammoth';
import { Harness, cardText, invoke, message, personal, raiseDispute, startHarness, timePasses, ukTime as uk, users } from '../support/bot-harness';

describe('the Stage Four written account over real HTTP', () => {
  let h: Harness;
  let id: string;

  before(async () => {
    h = await startHarness();
    id = await raiseDispute(h, uk('2026-11-23T10:00'));
    await h.post(invoke(h, users.sam, 'dispute.recordAccount', { disputeId: id, accountPosition: 'Below threshold', accountImpact: 'Low' }));
    for (const at of ['2026-11-24T10:00', '2026-11-26T10:00', '2026-11-30T10:00']) await timePasses(h, uk(at));
    h.connector.reset();
    h.setNow(uk('2026-11-30T11:00'));
    await h.post(invoke(h, users.chris, 'dispute.approveEscalation', { disputeId: id, fromStage: '3' }));
    await h.host.outbox.idle();
  });
  after(() => h.close());

  const toChris = () => h.connector.calls.filter((c) => c.conversationId === personal(users.chris).id && c.path.includes('/activities'));

  it('reaches the secretariat\'s own chat as a card with the account, and a Word document to accept', () => {
    const [accountMessage, consentMessage] = toChris();
    const card = accountMessage!.body.attachments[0].content;
    const text = cardText(card);
    assert.match(text, /Written account of the dispute: PD-2026-0001/);
    assert.match(text, /HPS-4411/);
    assert.match(text, /Below threshold/);
    const consent = consentMessage!.body.attachments[0];
    assert.equal(consent.contentType, 'application/vnd.microsoft.teams.card.file.consent');
    assert.equal(consent.name, 'PD-2026-0001 written account.docx');
    assert.deepEqual(consent.content.acceptContext, { disputeId: id, document: 'written-account', asOf: consent.content.acceptContext.asOf });
    assert.equal(typeof consent.content.acceptContext.asOf, 'number', 'the document is made as the dispute stood when it was referred');
    const threadNotice = h.connector.calls.find((c) => /written account of the dispute and of what was tried has been sent to the Safeguarding Partnership secretariat/.test(c.body?.text ?? ''));
    assert.ok(threadNotice && !JSON.stringify(threadNotice.body).includes('HPS-4411'), 'the thread is told, without the details');
  });

  it('on "Allow" the document is uploaded to the secretariat\'s OneDrive, opens, and is shown as a file', async () => {
    const uploadUrl = `${h.connector.url}upload/account.docx`;
    const res = await h.post({
      ...invoke(h, users.chris, '', {}),
      name: 'fileConsent/invoke',
      value: { type: 'fileUpload', action: 'accept', context: { disputeId: id, document: 'written-account' }, uploadInfo: { name: 'PD-2026-0001 written account.docx', uploadUrl, contentUrl: 'https://contoso.sharepoint.com/account.docx', uniqueId: 'u1', fileType: 'docx' } },
    });
    assert.equal(res.status, 200);
    const upload = h.connector.uploads.get('account.docx')!;
    assert.match(upload.contentRange!, /^bytes 0-\d+\/\d+$/);
    const { value: text } = await mammoth.extractRawText({ buffer: upload.bytes });
    assert.match(text, /Written account of the dispute\s+Professional disagreement PD-2026-0001/);
    assert.match(text, /Below threshold/);
    const info = toChris().at(-1)!.body.attachments[0];
    assert.equal(info.contentType, 'application/vnd.microsoft.teams.card.file.info');
  });

  it('someone not entitled who replays the consent gets nothing', async () => {
    const uploadUrl = `${h.connector.url}upload/stolen.docx`;
    await h.post({
      ...invoke(h, users.outsider, '', {}),
      name: 'fileConsent/invoke',
      value: { type: 'fileUpload', action: 'accept', context: { disputeId: id, document: 'written-account' }, uploadInfo: { name: 'x.docx', uploadUrl, contentUrl: 'x', uniqueId: 'u2', fileType: 'docx' } },
    });
    assert.equal(h.connector.uploads.has('stolen.docx'), false);
  });

  it('a party exports the whole record as Word and JSON; an outsider cannot', async () => {
    h.connector.reset();
    await h.post(message(h, users.sam, 'export PD-2026-0001'));
    const offers = h.connector.repliesTo(personal(users.sam).id).map((c) => c.body.attachments?.[0]);
    assert.deepEqual(offers.map((a) => a?.name), ['PD-2026-0001 record.docx', 'PD-2026-0001 record.json']);
    const uploadUrl = `${h.connector.url}upload/record.json`;
    await h.post({
      ...invoke(h, users.sam, '', {}),
      name: 'fileConsent/invoke',
      value: { type: 'fileUpload', action: 'accept', context: offers[1].content.acceptContext, uploadInfo: { name: 'PD-2026-0001 record.json', uploadUrl, contentUrl: 'x', uniqueId: 'u3', fileType: 'json' } },
    });
    const record = JSON.parse(h.connector.uploads.get('record.json')!.bytes.toString('utf8'));
    assert.equal(record.reference, 'PD-2026-0001');
    assert.equal(record.state.stage, 4);
    assert.ok(record.history.every((e: { hash: string }) => /^[0-9a-f]{64}$/.test(e.hash)), 'the history comes with its seals');
    await h.post(message(h, users.outsider, 'export PD-2026-0001'));
    assert.match(h.connector.repliesTo(personal(users.outsider).id)[0]?.body.text, /There is no dispute PD-2026-0001 that you are a party to/);
  });
});

describe('confidentiality across the whole story', () => {
  it('no log line from any of these runs names the child or repeats what people typed', async () => {
    const h = await startHarness();
    try {
      const id = await raiseDispute(h, uk('2026-11-23T10:00'));
      await h.post(invoke(h, users.sam, 'dispute.recordAccount', { disputeId: id, accountPosition: 'Below threshold because of the home visit', accountImpact: 'Low' }));
      for (const at of ['2026-11-24T10:00', '2026-11-26T10:00', '2026-11-30T10:00']) await timePasses(h, uk(at));
      await h.post(invoke(h, users.chris, 'dispute.approveEscalation', { disputeId: id, fromStage: '3' }));
      await h.post(message(h, users.sam, 'export PD-2026-0001'));
      await h.host.outbox.idle();
      const logs = h.logs.lines.join('\n');
      assert.ok(h.logs.lines.length > 20);
      for (const secret of ['HPS-4411', 'J.B.', 'hungry', 'home visit', 'Neglect', 'duty desk']) assert.ok(!logs.includes(secret), `log leaks ${secret}`);
      const publicCards = h.connector.calls.filter((c) => c.conversationId.startsWith('19:')).map((c) => JSON.stringify(c.body));
      for (const secret of ['HPS-4411', 'J.B.', 'hungry', 'home visit']) assert.ok(!publicCards.some((b) => b.includes(secret)), `the channel sees ${secret}`);
    } finally {
      await h.close();
    }
  });
});
