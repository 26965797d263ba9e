import assert from 'node:assert/strict';
import { samePerson } from '../../src/domain/person';
import { button, hasButton } from '../support/card-client';
import { message, User } from '../support/bot-harness';
import { people, Rig, TWO_SECRETARIAT, World } from '../support/black-box';
import { compileWrittenAccount } from '../../src/documents/written-account';
import { rendererErrors, schemaErrors } from '../support/card-validation';

const { alex, priya, jo, chris, dev, outsider, helen, rob, lou } = people;

/** What a person was sent in their personal chat, as text. */
const sentTo = (w: World, who: { id: string }) => w.h.connector.repliesTo(`a:personal-${who.id}`).map((c) => String(c.body.text ?? '')).filter(Boolean);
const threadTexts = (w: World) => w.h.connector.postsIn(w.thread).map((c) => String(c.body.text ?? ''));
const text = (card: unknown) => JSON.stringify(card);

/** Raised on Christmas Eve; Stage 1 runs out on Tue 29 Dec at 10:00 (Christmas and Boxing Day substitute). */
async function atStage2(w: World): Promise<void> {
  await w.raise();
  await w.timeReaches('2026-12-29T10:00');
}

/** "away" in the person's personal chat, and the away card the bot answered with. */
async function awayForm(w: World, who: User) {
  await w.h.post(message(w.h, who, 'away'));
  return w.h.connector.repliesTo(`a:personal-${who.id}`).map((c) => c.body.attachments?.[0]?.content).filter((c) => c && text(c).includes('away.submit')).at(-1);
}

/** On to Stage 4 with the senior manager's approval of the referral. */
async function atStage4(w: World): Promise<void> {
  await atStage2(w);
  await w.timeReaches('2026-12-31T10:00'); // Stage 2 runs out
  await w.timeReaches('2027-01-05T10:00'); // Stage 3 runs out: the referral awaits approval
  const answer = await w.press(chris, button(await w.viewOf(chris), /^Approve moving it to Stage 4/), { escalationReason: 'A policy question for the panel' });
  assert.equal(answer.status, 200);
  await w.settle();
}

describe('black box: managers who are away, and proof that people were told', function () {
  this.timeout(120_000);
  let rig: Rig;
  before(async () => {
    rig = await new Rig().start();
  });
  after(() => rig?.stop());

  it('a manager away with cover: a new escalation goes to the cover, with the reason, and the manager sees it when back', async () => {
    const w = await rig.world();
    try {
      // Priya says from her personal chat that she is away over New Year, and that Rob, her school's deputy, covers.
      const form = await awayForm(w, priya);
      const saved = await w.press(priya, button(form, 'Save my absence'), { awayFrom: '2026-12-24', awayUntil: '2027-01-08', awayCover: rob.directoryId }, 'single', w.personal(priya));
      assert.match(text(saved.card), /Saved: you are away from .* Rob Grey covers/);

      await atStage2(w);
      assert.ok(threadTexts(w).some((t) => /Rob Grey is brought into PD-\d{4}-\d{4} at Stage 2, covering for Priya Shah, who is away/.test(t)), threadTexts(w).join('\n'));
      const robView = await w.viewOf(rob);
      assert.match(text(robView), /Rob Grey covers for Priya Shah, who is away up to and including Fri 8 Jan 2027\./, 'the last day Priya typed, as she typed it');
      assert.ok(hasButton(robView, 'I\'ve seen this'), 'the cover is asked to say they have seen it');
      assert.ok(hasButton(robView, 'Escalate to Stage 3 now'), 'and can act as the first-line manager');
      assert.doesNotMatch(text(await w.viewOf(dev)), /HPS-4411/, 'a police sergeant nobody named sees nothing of it');
      assert.ok(!hasButton(await w.viewOf(outsider), 'I\'ve seen this'), 'cover widens the dispute to the person covering only');
      assert.doesNotMatch(text(await w.viewOf(outsider)), /HPS-4411/);

      const seen = await w.press(rob, button(robView, 'I\'ve seen this'));
      assert.match(seen.notice, /the people involved can see that you have seen it/);
      // Back after New Year, Priya reads on the card what was done in her name.
      const priyaView = text(await w.viewOf(priya));
      assert.match(priyaView, /Rob Grey brought in at Stage 2 to cover for Priya Shah, who was away/);
      assert.match(priyaView, /Seen at Stage 2 by Rob Grey/);
    } finally {
      await w.close();
    }
  });

  it('the away card refuses what cannot be right, keeps what was typed, and saves nothing', async () => {
    const w = await rig.world();
    try {
      w.h.setNow(new Date('2026-12-01T10:00:00Z'));
      const form = await awayForm(w, priya);
      assert.deepEqual(schemaErrors(form), []);
      assert.deepEqual(rendererErrors(form), []);
      const cases: [Record<string, string>, RegExp][] = [
        [{ awayFrom: '2026-12-10', awayUntil: '2026-12-07', awayCover: rob.directoryId }, /The last day away is before the first\. Nothing was saved\./],
        [{ awayFrom: '2026-11-01', awayUntil: '2026-11-20', awayCover: rob.directoryId }, /That absence is already over\. Nothing was saved\./],
        // Choices the card does not offer, crafted: herself, a police sergeant, her own practitioner, a manager of another agency.
        [{ awayFrom: '2026-12-07', awayUntil: '2026-12-11', awayCover: priya.directoryId }, /Choose someone other than yourself to cover for you\. Nothing was saved\./],
        [{ awayFrom: '2026-12-07', awayUntil: '2026-12-11', awayCover: dev.directoryId }, /Dev Singh is in Police: choose a manager in Hillside Primary School to cover for you\. Nothing was saved\./],
        [{ awayFrom: '2026-12-07', awayUntil: '2026-12-11', awayCover: alex.directoryId }, /Alex Morgan is not a manager at your level or above in Hillside Primary School: choose one who is\. Nothing was saved\./],
        [{ awayFrom: '2026-12-07', awayUntil: '2026-12-11', awayCover: jo.directoryId }, /Jo Evans is in Children's Social Care \(MASH\): choose a manager in Hillside Primary School/],
      ];
      const offered = form.body.find((e: { id?: string }) => e.id === 'awayCover').choices.map((c: { title: string }) => c.title);
      assert.deepEqual(offered, ['Rob Grey, Deputy Designated Safeguarding Lead'], 'the card offers only a manager of her agency at her level or above');
      for (const [typed, refusal] of cases) {
        const answer = await w.press(priya, button(form, 'Save my absence'), typed, 'single', w.personal(priya));
        assert.match(text(answer.card), refusal);
        assert.match(text(answer.card), new RegExp(`"value":"${typed.awayUntil}"`), 'what was typed is kept');
      }
      const outsiderTries = await w.invoke(outsider, 'away.submit', { awayFrom: '2026-12-07', awayUntil: '2026-12-11', awayCover: rob.directoryId }, w.personal(outsider));
      assert.match(text(outsiderTries.card), /Only people in the partnership directory record an absence here/);
      const practitioner = await w.invoke(alex, 'away.submit', { awayFrom: '2026-12-07', awayUntil: '2026-12-11', awayCover: priya.directoryId }, w.personal(alex));
      assert.match(text(practitioner.card), /Cover is for the managers the protocol brings in/, 'a practitioner names no cover');
      const { resources: none } = await w.store.people.items.query("SELECT c.id FROM c WHERE c.type = 'absence'").fetchAll();
      assert.deepEqual(none, [], 'nothing was saved by any refusal');
      const saved = await w.press(priya, button(form, 'Save my absence'), { awayFrom: '2026-12-07', awayUntil: '2026-12-11', awayCover: rob.directoryId }, 'single', w.personal(priya));
      assert.match(text(saved.card), /Saved: you are away from Mon 7 Dec 2026 to Fri 11 Dec 2026; Rob Grey covers/);
      const back = await w.press(priya, button(saved.card, 'I\'m back'), {}, 'single', w.personal(priya));
      assert.match(text(back.card), /Welcome back/);
    } finally {
      await w.close();
    }
  });

  it('the away card\'s buttons, pressed twice, at once and while the store fails, are always answered and save one absence', async () => {
    const w = await rig.world();
    try {
      w.h.setNow(new Date('2026-12-01T10:00:00Z'));
      const typed = { awayFrom: '2026-12-07', awayUntil: '2026-12-11' };
      const coverOf = (who: typeof priya) => (who === jo ? lou : rob);
      const save = (who: typeof priya, form: Parameters<typeof button>[0]) => w.press(who, button(form, 'Save my absence'), { ...typed, awayCover: coverOf(who).directoryId }, 'single', w.personal(who));
      const priyaForm = await awayForm(w, priya);
      const joForm = await awayForm(w, jo);
      // Twice in a row, then Priya twice and Jo once at the same moment.
      for (const answer of [await save(priya, priyaForm), await save(priya, priyaForm), ...(await Promise.all([save(priya, priyaForm), save(priya, priyaForm), save(jo, joForm)]))]) {
        assert.equal(answer.status, 200);
        assert.match(text(answer.card), /Saved: you are away from Mon 7 Dec 2026 to Fri 11 Dec 2026; (Rob Grey|Lou Patel) covers/);
      }
      const { resources } = await w.store.people.items.query("SELECT c.person FROM c WHERE c.type = 'absence'").fetchAll();
      assert.deepEqual(resources.map((r: { person: { name: string } }) => r.person.name).sort(), ['Jo Evans', 'Priya Shah'], 'one absence each');
      // The store answers 503, then stalls: each press is answered, with what was typed kept.
      rig.proxy.inject({ kind: '503' }, { writesOnly: true });
      const busy = await save(priya, priyaForm);
      assert.equal(busy.status, 200);
      assert.match(text(busy.card), /The store is busy: nothing was saved/);
      assert.match(text(busy.card), /"value":"2026-12-11"/);
      rig.proxy.clear();
      rig.proxy.inject({ kind: 'stall' }, { writesOnly: true });
      const slow = await save(priya, priyaForm);
      assert.equal(slow.status, 200);
      assert.ok(slow.ms < 4000, `answered in ${slow.ms} ms`);
      assert.match(text(slow.card), /did not answer in time/);
      rig.proxy.clear();
      const back = await w.press(priya, button((await save(priya, priyaForm)).card, 'I\'m back'), {}, 'single', w.personal(priya));
      assert.match(text(back.card), /Welcome back/);
    } finally {
      rig.proxy.clear();
      await w.close();
    }
  });

  it('a manager who stays silent is reminded, then the next tier is brought in at half the timescale, and the record says why', async () => {
    const w = await rig.world();
    try {
      await atStage2(w);
      assert.match(text(await w.viewOf(priya)), /Nobody has yet said they have seen it at Stage 2\. Not yet: Priya Shah, Jo Evans\./);
      // Jo says she has seen it; Priya says nothing.
      await w.press(jo, button(await w.viewOf(jo), 'I\'ve seen this'));
      await w.settle();
      // Four working hours after Stage 2 began.
      await w.timeReaches('2026-12-29T14:00');
      assert.ok(sentTo(w, priya).some((t) => /Reminder: you were brought into professional disagreement PD-\d{4}-\d{4} at Stage 2\. Please open the thread and press "I've seen this"/.test(t)), sentTo(w, priya).join('\n'));
      assert.ok(!sentTo(w, jo).some((t) => /Reminder: you were brought into/.test(t)), 'Jo, who saw it, is not reminded');
      // Half way: Priya's side has still not answered, so her own manager is brought in.
      await w.timeReaches('2026-12-30T10:00');
      assert.ok(threadTexts(w).some((t) => /Chris Lee is brought into PD-\d{4}-\d{4} at Stage 2 for Priya Shah: nobody on that side said they had seen it by half the timescale/.test(t)), threadTexts(w).join('\n'));
      const chrisView = await w.viewOf(chris);
      assert.ok(hasButton(chrisView, 'I\'ve seen this'));
      const history = (await w.h.host.service.history(w.disputeId)).map((e) => e.event.type);
      for (const type of ['acknowledged', 'acknowledgement-reminded', 'stood-in']) assert.ok(history.includes(type as never), `${type} is in the sealed record`);
      const account = compileWrittenAccount((await w.h.host.service.load(w.disputeId))!.state);
      const tried = account.tried.map((t) => t.what).join('\n');
      assert.match(tried, /Reminded Priya Shah to say they had seen it at Stage 2/);
      assert.match(tried, /Chris Lee brought in at Stage 2 for Priya Shah: nobody on that side had said they had seen it by half the timescale/);
    } finally {
      await w.close();
    }
  });

  it('Stage 4 acknowledged: a secretariat member confirms the written account arrived, and nobody is chased', async () => {
    const w = await rig.world({ DIRECTORY_FILE: TWO_SECRETARIAT });
    try {
      await atStage4(w);
      const view = await w.viewOf(helen);
      const answer = await w.press(helen, button(view, 'Confirm we received the written account'));
      assert.match(answer.notice, /the people involved can see that you have seen it/);
      await w.settle();
      await w.timeReaches('2027-01-06T12:00');
      assert.ok(!sentTo(w, chris).some((t) => /has yet confirmed receiving the written account/.test(t)));
      assert.match(text(await w.viewOf(alex)), /Said they had seen it at Stage 4/);
    } finally {
      await w.close();
    }
  });

  it('Stage 4 unacknowledged: after one working day the secretariat is reminded and the senior manager who referred it is told', async () => {
    const w = await rig.world({ DIRECTORY_FILE: TWO_SECRETARIAT });
    try {
      await atStage4(w);
      const referredAt = (await w.h.host.service.load(w.disputeId))!.state.stages.at(-1)!.enteredAt;
      const oneWorkingDay = new Date(new Date(referredAt).getTime() + 26 * 3_600_000); // Tue -> Wed, same time, plus margin
      w.h.setNow(oneWorkingDay);
      await w.h.host.scheduler.sweep();
      await w.settle();
      assert.ok(sentTo(w, helen).some((t) => /Reminder: you were brought into professional disagreement PD-\d{4}-\d{4} at Stage 4/.test(t)), sentTo(w, helen).join('\n'));
      assert.ok(sentTo(w, chris).some((t) => /Nobody in .* has yet confirmed receiving the written account of PD-\d{4}-\d{4}/.test(t)), sentTo(w, chris).join('\n'));
      const history = (await w.h.host.service.history(w.disputeId)).map((e) => e.event);
      const reminded = history.find((e) => e.type === 'acknowledgement-reminded' && e.stage === 4);
      assert.ok(reminded && reminded.type === 'acknowledgement-reminded' && reminded.told?.some((p) => samePerson(p, chris)), 'the referral\'s approver was told, on the record');
    } finally {
      await w.close();
    }
  });
});
