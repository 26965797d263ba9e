import assert from 'node:assert/strict';
import { AdaptiveCardJson } from '../../src/cards/render';
import { DEFAULT_INDICATORS, EMPTY_RAISE_FORM, disputeViewCard, raisedCard, raiseFormCard, secretariatViewCard, statusCard, threadCard } from '../../src/cards/views';
import { Dispute, PersonRef } from '../../src/domain/dispute';
import { as, ctx, expire, FOUR_LSCB, people, raised, raiseInput, run, uk } from '../support/dispute-fixtures';
import { rendererErrors, renderedText, schemaErrors } from '../support/card-validation';

const tricky = '${child.initials} <at>Sam Taylor</at> **bold** <b>html</b> [link](https://example.com)';

function everyCard(dispute: Dispute): [string, AdaptiveCardJson][] {
  const options = { now: uk('2026-12-29T10:00'), ctx, emergencyContact: 'MASH 0300 000 0000', indicators: DEFAULT_INDICATORS, advice: { name: 'Priya Shah', role: 'safeguarding lead' } };
  return [
    ['raise form', raiseFormCard({ protocol: FOUR_LSCB, people: [{ id: 'user-sam', name: 'Sam Taylor', agency: 'CSC' }], agencies: ['A', 'B'], indicators: DEFAULT_INDICATORS, emergencyContact: 'MASH', peoplePicker: 'directory', values: EMPTY_RAISE_FORM, errors: [], knownAgency: 'A', formId: 'form-1' })],
    ['raise form with errors, Graph picker', raiseFormCard({ protocol: FOUR_LSCB, people: [{ id: 'user-jo', name: 'Jo Evans', agency: 'CSC' }], agencies: ['A'], indicators: DEFAULT_INDICATORS, emergencyContact: 'MASH', peoplePicker: 'graph', values: { ...EMPTY_RAISE_FORM, about: tricky }, errors: ['Enter initials only'], knownAgency: '', formId: 'form-2' })],
    ['raised', raisedCard(dispute, 'https://teams.microsoft.com/l/message/x', 'MASH')],
    ['thread (everyone)', threadCard(dispute)],
    ['view: raiser', disputeViewCard(dispute, as(dispute, people.alex), options)],
    ['view: respondent', disputeViewCard(dispute, as(dispute, people.sam), { ...options, notice: { text: 'Saved', good: true } })],
    ['view: manager', disputeViewCard(dispute, as(dispute, people.priya), options)],
    ['status', statusCard([{ dispute, viewer: as(dispute, people.alex), threadUrl: '' }])],
  ];
}

const busy = (): Dispute => {
  let d = raised(raiseInput({ concern: { ...raiseInput().concern, about: tricky, impact: 'x'.repeat(1000), tried: 'y'.repeat(1000) } }) as never);
  d = run(d, people.sam, uk('2026-12-29T09:00'), { kind: 'record-account', account: { position: tricky, indicators: ['Neglect'], impact: 'z'.repeat(1000), evidence: 'e'.repeat(1000) } });
  d = run(d, people.alex, uk('2026-12-29T09:30'), { kind: 'record-account', account: { position: 'w'.repeat(2000), indicators: ['Neglect'], impact: 'i'.repeat(1000), evidence: 'v'.repeat(1000) } });
  for (let i = 0; i < 5; i++) d = run(d, people.alex, uk('2026-12-29T09:40'), { kind: 'record-conversation', record: { id: `r${i}`, heldAt: uk('2026-12-29T09:00').toISOString(), participants: 'Alex, Sam', discussed: 'd'.repeat(400), agreed: 'a'.repeat(200) } });
  return expire(d);
};

describe('cards', () => {
  // Closed at Stage 2, with the learning asked and a challenge recognised: the cards at closure.
  const closed = (): Dispute => {
    let d = run(expire(raised()), people.alex, uk('2026-12-30T10:00'), { kind: 'withdraw', reason: 'Resolved' });
    d = run(d, people.jo, uk('2026-12-30T11:00'), { kind: 'recognise-challenge', side: 'raiser', note: tricky });
    return run(d, people.priya, uk('2026-12-30T11:00'), { kind: 'record-learning', helped: ['managers'], hindered: [], unclear: ['protocol:stage-2'], notes: tricky });
  };
  // Stage 3 with a meeting convened (its place typed in trickily), as its convener sees it with times suggested.
  const meetingCards = (): [string, AdaptiveCardJson][] => {
    const attendees = [people.dan, people.chris, people.alex, people.sam, people.priya, people.jo];
    const d = run(expire(expire(raised())), people.dan, uk('2026-12-31T17:00'), { kind: 'convene-meeting', at: uk('2027-01-04T10:00').toISOString(), location: tricky, attendees });
    const options = { now: uk('2026-12-31T17:30'), ctx: { ...ctx, teamsMeetings: true }, emergencyContact: 'MASH', indicators: DEFAULT_INDICATORS, suggestTimes: true };
    const times = [uk('2027-01-04T12:00'), uk('2027-01-05T09:00')];
    return [
      ['meeting: convener, times suggested for moving it', disputeViewCard(d, as(d, people.dan), { ...options, slots: { for: 'move', times } })],
      ['meeting: convener, times suggested for another', disputeViewCard(d, as(d, people.dan), { ...options, slots: { for: 'convene', times } })],
      ['meeting: an attendee', disputeViewCard(d, as(d, people.alex), options)],
    ];
  };
  it('the convener\'s view offers moving and cancelling the meeting, and the suggested times under the form that asked', () => {
    const [[, move], [, convene], [, attendee]] = meetingCards() as [string, AdaptiveCardJson][];
    const text = (c: AdaptiveCardJson) => JSON.stringify(c);
    assert.match(text(move!), /"id":"moveSlot".*Mon 4 Jan 2027, 12:00/);
    assert.doesNotMatch(text(move!), /"id":"meetingSlot"/);
    assert.match(text(convene!), /"id":"meetingSlot"/);
    assert.match(text(move!), /"verb":"dispute.cancelMeeting"/);
    assert.doesNotMatch(text(attendee!), /dispute.moveMeeting|dispute.cancelMeeting|Suggest times/, 'an attendee may not change it');
    // Withdrawn before the meeting: it can still be called off, not moved.
    const attendees = [people.dan, people.chris, people.alex, people.sam, people.priya, people.jo];
    let d = run(expire(expire(raised())), people.dan, uk('2026-12-31T17:00'), { kind: 'convene-meeting', at: uk('2027-01-04T10:00').toISOString(), location: 'Civic Centre', attendees });
    d = run(d, people.alex, uk('2027-01-01T10:00'), { kind: 'withdraw', reason: 'Resolved on the phone' });
    const closedView = text(disputeViewCard(d, as(d, people.dan), { now: uk('2027-01-01T11:00'), ctx, emergencyContact: 'MASH', indicators: DEFAULT_INDICATORS }));
    assert.match(closedView, /"verb":"dispute.cancelMeeting"/);
    assert.doesNotMatch(closedView, /dispute.moveMeeting/);
  });
  for (const [name, card] of [...everyCard(raised()), ...everyCard(busy()), ...meetingCards(), ...everyCard(closed()).map(([n, c]): [string, AdaptiveCardJson] => [`closed: ${n}`, c])]) {
    it(`${name}: valid Adaptive Card 1.5, accepted by the official renderer, under 28 KB`, () => {
      assert.equal(card.version, '1.5');
      assert.deepEqual(schemaErrors(card), []);
      assert.deepEqual(rendererErrors(card), []);
      const size = Buffer.byteLength(JSON.stringify(card));
      assert.ok(size < 28 * 1024, `${size} bytes`);
      assert.doesNotMatch(JSON.stringify(card), /\$\{(?!child\.initials\})/, 'no unbound template expression left');
    });
  }

  it('text people typed appears literally: no template, mention, markdown or HTML is evaluated', () => {
    const d = busy();
    const view = disputeViewCard(d, as(d, people.alex), { now: uk('2026-12-29T10:00'), ctx, emergencyContact: 'MASH', indicators: DEFAULT_INDICATORS });
    const text = renderedText(view);
    assert.ok(text.includes(tricky), 'the concern and the account show exactly as typed');
    assert.ok(!JSON.stringify(view).includes('"text":"J.B. <at>'), 'the ${...} in the text was not bound to the child\'s initials');
    const form = raiseFormCard({ protocol: FOUR_LSCB, people: [], agencies: ['A'], indicators: [], emergencyContact: 'MASH', peoplePicker: 'directory', values: { ...EMPTY_RAISE_FORM, about: tricky }, errors: [], knownAgency: '', formId: 'form-3' });
    assert.ok(JSON.stringify(form).includes(JSON.stringify(tricky).slice(1, -1)), 'a re-shown form keeps the value as typed');
  });

  it('the thread card everyone sees carries the reference, route, stage and due time, never the child\'s details', () => {
    const d = busy();
    const card = JSON.stringify(threadCard(d));
    assert.match(card, /PD-2026-0001/);
    assert.match(card, /Stage 2: First-line manager to first-line manager/);
    assert.match(card, /Respond by Thu 31 Dec 2026, 16:30/);
    for (const secret of ['HPS-4411', 'J.B.', 'Hungry', 'Neglect', 'xxxx', tricky]) assert.ok(!card.includes(secret), `thread card leaks ${secret}`);
  });

  it('the thread card mentions both professionals and lists who gets their own view', () => {
    const seen = ['29:1alex', '29:1sam'];
    const card = threadCard(raised(), '', seen) as AdaptiveCardJson & { refresh: { userIds: string[] }; msteams: { entities: { mentioned: { id: string } }[] } };
    assert.deepEqual(card.msteams.entities.map((e) => e.mentioned.id), [people.alex.aadObjectId, people.sam.aadObjectId], 'mentioned by Entra object id');
    assert.deepEqual(card.refresh.userIds, seen, 'refreshed by itself for the 29: ids the bot has learned');
    const many = Array.from({ length: 70 }, (_, i) => `29:1person${i}`);
    assert.equal((threadCard(raised(), '', many) as unknown as { refresh: { userIds: string[] } }).refresh.userIds.length, 60, 'at most 60, as Teams allows');
  });

  it('each person sees only the buttons their role allows', () => {
    const d = raised();
    const titles = (who: PersonRef) => renderedText(disputeViewCard(d, as(d, who), { now: uk('2026-12-24T17:00'), ctx, emergencyContact: 'MASH', indicators: [] }));
    assert.match(titles(people.alex), /Withdraw this disagreement/);
    assert.match(titles(people.alex), /Record my account/);
    assert.doesNotMatch(titles(people.sam), /Withdraw this disagreement/);
    assert.doesNotMatch(titles(people.priya), /Record my account/);
    assert.doesNotMatch(titles(people.priya), /Approve escalation/, 'nobody asked to escalate yet');
    const asked = run(d, people.alex, uk('2026-12-29T09:00'), { kind: 'request-escalation', reason: 'No reply' });
    const priya = renderedText(disputeViewCard(asked, as(asked, people.priya), { now: uk('2026-12-29T09:05'), ctx, emergencyContact: 'MASH', indicators: [] }));
    assert.match(priya, /Approve escalation to Stage 2/);
  });

  it('the Stage 1 card asks the worried professional the protocol\'s question on behalf of the other', () => {
    const d = raised();
    const options = { now: uk('2026-12-24T16:45'), ctx, emergencyContact: 'MASH', indicators: [], advice: { name: 'Priya Shah', role: 'safeguarding lead' } };
    const raiser = renderedText(disputeViewCard(d, as(d, people.alex), options));
    assert.match(raiser, /Sam Taylor asks you:"Help me understand why you are worried\?"/);
    assert.match(raiser, /involve Priya Shah, your safeguarding lead/);
    assert.match(raiser, /written account of concerns to Sam Taylor is due by Thu 24 Dec 2026, 17:00/);
    const respondent = renderedText(disputeViewCard(d, as(d, people.sam), options));
    assert.match(respondent, /Start by asking Alex Morgan:/);
    assert.match(respondent, /respectful, keep the child at the centre/);
  });
});

describe('the thread card follows the stage', () => {
  const words = (d: Dispute) => renderedText(threadCard(d));
  it('asks the professionals to talk at Stage 1, the managers later, and never says "today"', () => {
    const s1 = raised();
    assert.match(words(s1), /The two professionals talk directly/);
    const s2 = expire(s1);
    assert.match(words(s2), /The first-line managers now discuss it/);
    assert.doesNotMatch(words(s2), /two professionals talk directly/);
    for (const d of [s1, s2]) assert.doesNotMatch(words(d), /today/i);
  });

  it('after an immediate risk is declared, says so and that stages run on clock hours', () => {
    const risky = run(raised(), people.sam, uk('2026-12-29T10:00'), { kind: 'declare-immediate-risk' });
    assert.match(words(risky), /declared at immediate risk of significant harm: call 999 if you have not, and every level now runs on 4 clock hours/);
  });
});

describe('what people say at closure, on the cards', () => {
  it('the note in someone\'s own words reaches the secretariat\'s view only; the recognised professional sees the recognition', () => {
    let d = run(expire(raised()), people.alex, uk('2026-12-30T10:00'), { kind: 'withdraw', reason: 'Resolved' });
    d = run(d, people.jo, uk('2026-12-30T11:00'), { kind: 'recognise-challenge', side: 'raiser', note: 'Clear and on time' });
    d = run(d, people.priya, uk('2026-12-30T11:00'), { kind: 'record-learning', helped: ['managers'], hindered: [], unclear: [], notes: 'Stage 2 wording on who phones whom' });
    const options = { now: uk('2026-12-30T12:00'), ctx, emergencyContact: 'MASH', indicators: DEFAULT_INDICATORS };
    const viewOf = (who: PersonRef) => JSON.stringify(disputeViewCard(d, as(d, who), options));
    for (const who of [people.alex, people.sam, people.jo]) assert.doesNotMatch(viewOf(who), /who phones whom/, `${who.name} does not see the note`);
    assert.match(JSON.stringify(secretariatViewCard(d, as(d, people.morgan), options)), /Stage 2 wording on who phones whom/);
    assert.match(viewOf(people.alex), /Jo Evans noted that your challenge was made well: Clear and on time/);
    assert.doesNotMatch(viewOf(people.sam), /challenge was made well/);
  });
});
