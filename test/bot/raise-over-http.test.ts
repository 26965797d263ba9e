import assert from 'node:assert/strict';
import { Harness, CHANNEL, cardText, invoke, message, personal, raiseDispute, startHarness, ukTime, users, validRaise } from '../support/bot-harness';

describe('the bot over real HTTP: raising a disagreement and its Stage 1 thread', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  async function raise(data: object = validRaise) {
    const response = await h.post(invoke(h, users.alex, 'raise.submit', data));
    await h.host.outbox.idle();
    return response;
  }

  it('is alive at /healthz and ready at /readyz once the store answers', async () => {
    const res = await fetch(`${h.url}/readyz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ready' });
    const alive = await fetch(`${h.url}/healthz`);
    assert.equal(alive.status, 200);
    assert.deepEqual(await alive.json(), { status: 'alive' });
  });

  it('"raise" in the personal chat shows the raise card with a label on every input', async () => {
    h.connector.reset();
    const res = await h.post(message(h, users.alex, 'raise'));
    assert.equal(res.status, 200);
    const reply = h.connector.repliesTo(personal(users.alex).id)[0];
    const card = reply?.body.attachments?.[0]?.content;
    assert.match(cardText(card), /Raise a professional disagreement/);
    const inputs = JSON.stringify(card).match(/"type":"Input\.[A-Za-z]+"/g) ?? [];
    assert.ok(inputs.length >= 11, `${inputs.length} inputs`);
    const unlabelled = (card.body as any[]).flatMap(function all(e: any): any[] { return [e, ...(e.items ?? []), ...(e.columns ?? []).flatMap((c: any) => c.items.flatMap(all))]; }).filter((e: any) => /^Input\./.test(e.type) && !e.label);
    assert.deepEqual(unlabelled, []);
    assert.match(cardText(card), /call 999 now, then the MASH on 0300 123 4567/);
    assert.ok(!cardText(card).includes('Alex Morgan (Hillside'), 'the raiser is not offered as the other professional');
  });

  it('"raise" in a channel asks the person to use the personal chat instead', async () => {
    h.connector.reset();
    const channel = { id: `${CHANNEL};messageid=1`, conversationType: 'channel', tenantId: 'tenant-partnership' };
    const mention = { type: 'mention', text: '<at>Professional Disagreements</at>', mentioned: { id: '28:bot', name: 'Professional Disagreements' } };
    await h.post({ ...message(h, users.alex, '<at>Professional Disagreements</at> raise', channel), entities: [mention] });
    const reply = h.connector.repliesTo(channel.id)[0];
    assert.match(reply?.body.text ?? '', /personal chat/);
  });

  it('bad input is answered on the card with what to fix, and nothing is saved', async () => {
    h.connector.reset();
    const res = await raise({ ...validRaise, initials: 'Jamie', caseReference: '', about: 'x'.repeat(1001), consent: 'not-applicable', respondentId: users.priya.directoryId, respondentAgency: "Children's Social Care (MASH)" });
    assert.equal(res.status, 200);
    assert.equal(res.body.type, 'application/vnd.microsoft.card.adaptive');
    const text = cardText(res.body.value);
    assert.match(text, /Child's initials: enter initials only/);
    assert.match(text, /case reference in your agency: enter it/);
    assert.match(text, /What the disagreement is about: at most 1,000 characters \(you have 1,001\)/);
    assert.match(text, /in-house procedure/);
    assert.match(text, /Parental consent: for a MASH contact or referral/);
    assert.ok(JSON.stringify(res.body.value).includes('"value":"Jamie"'), 'what was typed is kept on the card');
    assert.equal(h.connector.calls.length, 0, 'no thread, no message');
    const { resources } = await h.store.disputes.items.query('SELECT VALUE COUNT(1) FROM c').fetchAll();
    assert.equal(resources[0], 0);
  });

  it('100 KB typed into every free-text field gets an answer Teams can show: each field named, under 28 KB, nothing saved', async () => {
    h.connector.reset();
    const huge = 'y'.repeat(100_000);
    const res = await raise({ ...validRaise, caseReference: huge, initials: huge, about: huge, impact: huge, tried: huge });
    assert.equal(res.status, 200);
    const size = Buffer.byteLength(JSON.stringify(res.body.value));
    assert.ok(size < 28 * 1024, `the answer card is ${size} bytes`);
    const text = cardText(res.body.value);
    for (const label of ['Child\'s case reference in your agency', 'What the disagreement is about', 'Impact on the child', 'What has been tried so far']) {
      assert.match(text, new RegExp(`${label}: at most [\\d,]+ characters \\(you have 100,000\\)`));
    }
    const { resources } = await h.store.disputes.items.query('SELECT VALUE COUNT(1) FROM c').fetchAll();
    assert.equal(resources[0], 0);
  });

  it('a valid submit saves the dispute and opens its thread in the disputes channel, mentioning both professionals', async () => {
    h.connector.reset();
    const res = await raise();
    const text = cardText(res.body.value);
    assert.match(text, /Disagreement PD-2026-0001 raised/);
    assert.match(text, /Respond by Tue 29 Dec 2026, 16:30/);

    const threads = h.connector.threadsCreated();
    assert.equal(threads.length, 1);
    assert.equal(threads[0]!.body.channelData.channel.id, CHANNEL);
    const root = threads[0]!.body.activity;
    const card = root.attachments[0].content;
    assert.deepEqual(card.msteams.entities.map((e: any) => [e.mentioned.id, e.text]), [[users.alex.aadObjectId, '<at>Alex Morgan</at>'], [users.sam.aadObjectId, '<at>Sam Taylor</at>']]);
    assert.match(cardText(card), /PD-2026-0001/);
    assert.match(cardText(card), /Respond by Tue 29 Dec 2026, 16:30/);
    // Teams refreshes the card by itself for the people whose 29: ids the bot has learned: Alex has written to it; Sam has not yet, and presses "Show my view".
    assert.deepEqual(card.refresh.userIds, [users.alex.id]);
    for (const secret of ['HPS-4411', 'J.B.', 'hungry', 'Neglect', 'duty desk']) assert.ok(!JSON.stringify(root).includes(secret), `thread root leaks ${secret}`);

    const personalMessages = h.connector.personalMessages();
    // Alex's chat is the one Alex raised from; Sam's is asked of Teams by Sam's object id, in Sam's tenant.
    assert.deepEqual(personalMessages.map((c) => [c.body.members[0].id, c.body.tenantId]), [[users.sam.aadObjectId, users.sam.tenantId]]);
    const sent = h.connector.calls.filter((c) => c.path.includes('/activities') && c.conversationId === `a:personal-${users.sam.id}`);
    assert.match(sent[0]?.body.text ?? '', /PD-2026-0001.*https:\/\/teams\.microsoft\.com\/l\/message\//);
    assert.ok(!JSON.stringify(sent).includes('HPS-4411'));
  });

  it('the other professional sees the details and the protocol\'s opening question; someone else sees only the reference', async () => {
    const doc = (await h.host.service.mine(users.sam))[0]!;
    h.connector.reset();
    const mine = await h.post(invoke(h, users.sam, 'dispute.refresh', { disputeId: doc.id }, { id: doc.thread!.conversationId, conversationType: 'channel' }));
    const text = cardText(mine.body.value);
    assert.equal(h.connector.calls.length, 0, 'a person\'s own view is answered to them alone, never written over the shared message');
    assert.match(text, /HPS-4411/);
    assert.match(text, /Start by asking Alex Morgan:/);
    assert.match(text, /Help me understand why you are worried\?/);
    assert.match(text, /tier 4 indicators/);
    assert.match(text, /Record my account/);

    const theirs = await h.post(invoke(h, users.outsider, 'dispute.refresh', { disputeId: doc.id }, { id: doc.thread!.conversationId, conversationType: 'channel' }));
    const outsiderText = cardText(theirs.body.value);
    assert.match(outsiderText, /PD-2026-0001/);
    assert.ok(!outsiderText.includes('HPS-4411') && !outsiderText.includes('Record my account'));
  });

  it('the raiser is reminded the written account is due the same working day, and offered their safeguarding lead', async () => {
    const doc = (await h.host.service.mine(users.alex))[0]!;
    const res = await h.post(invoke(h, users.alex, 'dispute.refresh', { disputeId: doc.id }));
    const text = cardText(res.body.value);
    assert.match(text, /written account of concerns to Sam Taylor is due by Thu 24 Dec 2026, 17:00/);
    assert.match(text, /involve \$\{adviceName\}|involve Priya Shah/);
    assert.match(text, /Sam Taylor asks you:/);
  });

  it('recording an account is saved, shown on the card and announced in the thread to the other side', async () => {
    const doc = (await h.host.service.mine(users.sam))[0]!;
    h.connector.reset();
    const res = await h.post(invoke(h, users.sam, 'dispute.recordAccount', { disputeId: doc.id, accountPosition: 'Below threshold: <b>no</b> **evidence** ${child}', accountIndicators: 'Neglect', accountImpact: 'Low', accountEvidence: 'Two visits' }));
    assert.match(cardText(res.body.value), /Your account is recorded/);
    assert.ok(cardText(res.body.value).includes('Below threshold: <b>no</b> **evidence** ${child}'));
    await h.host.outbox.idle();
    const posts = h.connector.postsIn(doc.thread!.conversationId);
    assert.equal(posts.length, 1);
    assert.deepEqual(posts[0]!.body.entities.map((e: any) => e.mentioned.id), [users.alex.aadObjectId]);
    assert.ok(!JSON.stringify(posts[0]!.body).includes('Below threshold'), 'what was typed stays out of the thread');
    assert.equal(h.connector.updatesIn(doc.thread!.conversationId).length, 1, 'the thread card is refreshed');
  });

  it('a press by someone with no part in the dispute is refused with a clear message and changes nothing', async () => {
    const before = (await h.host.service.mine(users.sam))[0]!;
    const res = await h.post(invoke(h, users.outsider, 'dispute.withdraw', { disputeId: before.id, withdrawReason: 'x' }));
    assert.equal(res.status, 200);
    const after = await h.host.service.load(before.id);
    assert.equal(after!.sealed.seq, before.sealed.seq);
    assert.equal(after!._etag, before._etag);
    assert.ok(!cardText(res.body.value).includes('HPS-4411'));
  });

  it('a party\'s bad input on a card is answered there and nothing is saved', async () => {
    const before = (await h.host.service.mine(users.alex))[0]!;
    const res = await h.post(invoke(h, users.alex, 'dispute.withdraw', { disputeId: before.id, withdrawReason: '   ' }));
    assert.match(cardText(res.body.value), /Give the reason for withdrawing.*Nothing was changed/);
    assert.equal((await h.host.service.load(before.id))!.sealed.seq, before.sealed.seq);
  });

  it('"status" lists my open disputes with stage and due time', async () => {
    h.connector.reset();
    await h.post(message(h, users.sam, 'status'));
    const card = h.connector.repliesTo(personal(users.sam).id)[0]?.body.attachments[0].content;
    const text = cardText(card);
    assert.match(text, /PD-2026-0001/);
    assert.match(text, /Stage 1: Professional to professional/);
    assert.match(text, /Respond by Tue 29 Dec 2026, 16:30/);
    assert.match(text, /The other professional/);
  });

  it('"help" explains the process with the emergency route first', async () => {
    h.connector.reset();
    await h.post(message(h, users.alex, 'help'));
    const text: string = h.connector.repliesTo(personal(users.alex).id)[0]?.body.text ?? '';
    assert.ok(text.startsWith('**If a child is at immediate risk of significant harm, call 999 now**'));
    assert.match(text, /Stage 4: Safeguarding Partnership resolution panel/);
    assert.match(text, /Meetings are held in working hours .* whoever convenes one can move or cancel it from the card/);
  });

  it('a child at immediate risk: the emergency route is shown at once and posted in the thread', async () => {
    h.connector.reset();
    const res = await raise({ ...validRaise, immediateRisk: 'true' });
    assert.match(cardText(res.body.value), /Call 999 now if you have not, then the MASH on 0300 123 4567/);
    assert.match(cardText(res.body.value), /Respond by Thu 24 Dec 2026, 20:30/);
    const doc = (await h.host.service.mine(users.alex)).find((d) => d.reference === 'PD-2026-0002')!;
    const emergency = h.connector.postsIn(doc.thread!.conversationId).find((c) => /Immediate risk on PD-2026-0002, declared by Alex Morgan: .*call 999 now, then the MASH on 0300 123 4567/.test(c.body.text));
    assert.ok(emergency, 'emergency route posted in the thread');
    assert.deepEqual(emergency.body.entities.map((e: any) => e.mentioned.id), [users.alex.aadObjectId, users.sam.aadObjectId]);
  });

  it('logs never carry the child\'s details or what people typed', () => {
    const all = h.logs.lines.join('\n');
    assert.ok(h.logs.lines.length > 5);
    for (const secret of ['HPS-4411', 'J.B.', 'hungry', 'Below threshold', 'duty desk', 'Neglect']) assert.ok(!all.includes(secret), `log leaks ${secret}`);
  });
});

describe('records of conversations over real HTTP', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('a record is attributed and timestamped, a double press keeps it once, and a correction points at the original', async () => {
    const id = await raiseDispute(h, ukTime('2026-12-24T16:30'), validRaise);
    const record = { disputeId: id, recordDate: '2026-12-24', recordTime: '15:00', recordParticipants: 'Alex, Sam', recordDiscussed: 'Attendance since September', recordAgreed: 'Home visit' };
    await h.post(invoke(h, users.alex, 'dispute.recordConversation', record));
    await h.post(invoke(h, users.alex, 'dispute.recordConversation', record));
    let doc = (await h.host.service.load(id))!;
    assert.equal(doc.state.records.length, 1, 'pressing twice has the effect of once');
    const original = doc.state.records[0]!;
    assert.equal(original.by.name, 'Alex Morgan');
    assert.equal(original.heldAt, '2026-12-24T15:00:00.000Z');
    const corrected = await h.post(invoke(h, users.sam, 'dispute.recordConversation', { ...record, recordAgreed: 'Home visit on Tuesday', recordCorrects: original.id }));
    assert.match(cardText(corrected.body.value), /Correction to an earlier record/);
    doc = (await h.host.service.load(id))!;
    assert.deepEqual(doc.state.records.map((r) => [r.by.name, r.corrects ?? null]), [['Alex Morgan', null], ['Sam Taylor', original.id]]);
    assert.equal(doc.state.records[0]!.agreed, 'Home visit', 'the original is never changed');
  });
});

describe('the bot answers what people type', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  const reply = async (user: typeof users.alex, text: string, conversation?: object) => {
    h.connector.reset();
    const res = await h.post(conversation ? { ...message(h, user, text, conversation) } : message(h, user, text));
    assert.equal(res.status, 200);
    return h.connector.calls.filter((c) => c.method === 'POST' && c.path.includes('/activities'));
  };

  it('ordinary sentences in the personal chat get an answer, never silence', async () => {
    for (const text of ['hi', 'hello', 'help me', 'what do I do?', 'Good morning']) {
      const [answer] = await reply(users.alex, text);
      assert.match(answer?.body.text ?? '', /call 999 now/, `"${text}" is answered with help, emergency route first`);
    }
    const [raise] = await reply(users.alex, 'raise a disagreement');
    assert.match(cardText(raise?.body.attachments?.[0]?.content), /Raise a professional disagreement/);
    const [status] = await reply(users.alex, 'Status?');
    assert.match(cardText(status?.body.attachments?.[0]?.content), /Your open disagreements/);
    const [other] = await reply(users.alex, 'the weather is nice');
    assert.match(other?.body.text ?? '', /I did not recognise that[\s\S]*raise[\s\S]*status[\s\S]*help/);
    assert.match(other?.body.text ?? '', /call 999 now/);
  });

  it('in a channel it answers only when mentioned, and sends anything personal to the person\'s own chat', async () => {
    const channel = { id: `${CHANNEL};messageid=7`, conversationType: 'channel', tenantId: 'tenant-partnership' };
    assert.deepEqual(await reply(users.alex, 'status', channel), [], 'not mentioned: not for the bot');
    const mention = { type: 'mention', text: '<at>Professional Disagreements</at>', mentioned: { id: '28:bot', name: 'Professional Disagreements' } };
    await raiseDispute(h, ukTime('2026-12-24T10:00'));
    h.connector.reset();
    await h.post({ ...message(h, users.alex, '<at>Professional Disagreements</at> status', channel), entities: [mention] });
    await h.host.outbox.idle();
    const inChannel = h.connector.repliesTo(channel.id);
    assert.equal(inChannel.length, 1);
    assert.match(inChannel[0]!.body.text, /sent your open disagreements to our personal chat/);
    assert.ok(!JSON.stringify(inChannel).includes('PD-2026'), 'no dispute is listed where the channel can read it');
    const personalCard = h.connector.calls.find((c) => c.conversationId === `a:personal-${users.alex.id}` && c.body.attachments?.[0]);
    const text = cardText(personalCard?.body.attachments[0].content);
    assert.match(text, /PD-2026-0001: with Sam Taylor \(Children's Social Care \(MASH\)\)/, 'the status names the other party');
    assert.match(text, /Disagreement between agencies/, 'and the route');
  });
});
