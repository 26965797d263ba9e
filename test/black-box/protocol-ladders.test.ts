import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { teamsPerson } from '../support/teams-people';
import path from 'node:path';
import { verbOf } from '../../src/commands';
import type { User } from '../support/bot-harness';
import { buttonsOn, CardButton } from '../support/card-client';
import { people, Rig, World } from '../support/black-box';

/**
 * Protocols that exist only as data files, each run from raise to its end through HTTP, with
 * every button found on the cards the bot sent: no code knows their ladders.
 */
const fixtures = path.join(__dirname, '..', 'fixtures');
const protocol = (name: string) => path.join(fixtures, 'protocols', `${name}.json`);
const { alex, priya, jo, chris } = people;
const deep = {
  dana: teamsPerson('user-dana', 'Dana Price', '00000000-0000-0000-0000-000000000209', 'member'),
  ed: teamsPerson('user-ed', 'Ed Fox', '00000000-0000-0000-0000-000000000210', 'member'),
  gus: teamsPerson('user-gus', 'Gus Hale', '00000000-0000-0000-0000-000000000211', 'member'),
  hal: teamsPerson('user-hal', 'Hal Iqbal', '00000000-0000-0000-0000-000000000212', 'member'),
};

const byVerb = (card: unknown, kind: string): CardButton | undefined => buttonsOn(card as never).find((b) => b.verb === verbOf(kind));

async function pressVerb(w: World, who: User, kind: string, typed: Record<string, string> = {}) {
  const b = byVerb(await w.viewOf(who), kind);
  assert.ok(b, `${who.name} sees a button for ${kind}`);
  const answer = await w.press(who, b, typed, 'ladder');
  assert.equal(answer.status, 200);
  await w.settle();
  return answer;
}

/** The current level runs out: the clock reaches its due moment and the sweep fires it. */
async function runsOut(w: World): Promise<void> {
  const { state } = await w.stored();
  w.h.setNow(new Date((state as { deadline: { due: string } }).deadline.due));
  await w.h.host.scheduler.sweep();
  await w.settle();
}

/** Who the bot @-mentioned in the thread's last post. */
function lastMentioned(w: World): string[] {
  const post = w.h.connector.postsIn(w.thread).at(-1);
  return (post?.body.entities ?? []).map((e: { mentioned: { name: string } }) => e.mentioned.name);
}

describe('protocols as data, run through the bot', function () {
  this.timeout(60_000);
  const rig = new Rig();
  before(async () => {
    await rig.start();
    rig.connector.knows(Object.values(deep));
  });
  after(() => rig.stop());

  it('five levels: the clock climbs four, heads of service approve the fifth, the panel gets the written account and decides', async () => {
    const w = await rig.world({ PROTOCOL_FILE: protocol('five-levels'), DIRECTORY_FILE: path.join(fixtures, 'directory-deep-chain.json') });
    try {
      await w.raise();
      const leads: string[][] = [];
      for (let i = 0; i < 3; i++) {
        await runsOut(w);
        leads.push(lastMentioned(w));
      }
      assert.deepEqual(leads, [['Priya Shah', 'Jo Evans'], ['Dana Price', 'Gus Hale'], ['Ed Fox', 'Hal Iqbal']]);
      assert.equal((await w.stored()).stage, 4);
      assert.equal(byVerb(await w.viewOf(deep.ed), 'convene-meeting') !== undefined, true, 'level 4 may convene a meeting');
      await runsOut(w);
      assert.equal((await w.stored()).status, 'awaiting-approval');
      assert.equal(byVerb(await w.viewOf(deep.dana), 'approve-escalation'), undefined, 'a level below cannot approve');
      await pressVerb(w, deep.hal, 'approve-escalation', { escalationReason: 'Needs the panel' });
      assert.equal((await w.stored()).stage, 5);
      const accounts = w.h.connector.calls.filter((c) => /Written account PD-/.test(JSON.stringify(c.body)));
      assert.equal(accounts.length, 1, 'the written account went to the panel\'s one member, in their own chat');
      assert.doesNotMatch(JSON.stringify(w.h.connector.postsIn(w.thread)), /HPS-4411/, 'never in the thread');
      assert.equal(byVerb(await w.viewOf(deep.ed), 'record-decision'), undefined, 'only the panel records the decision');
      await pressVerb(w, chris, 'record-decision', { decision: 'A joint plan agreed by the panel' });
      const end = await w.stored();
      assert.equal(end.status, 'closed');
      assert.match(JSON.stringify(end.state), /"how":"decided".*"stage":5/);
    } finally {
      await w.close();
    }
  });

  it('two levels: the clock hands it to the panel, which decides; nobody can escalate past the last level', async () => {
    const w = await rig.world({ PROTOCOL_FILE: protocol('two-levels') });
    try {
      await w.raise();
      assert.match(JSON.stringify(w.threadCard()), /Step A: Talk it through/);
      await runsOut(w);
      assert.equal((await w.stored()).stage, 2);
      assert.deepEqual(lastMentioned(w), ['Chris Lee']);
      assert.equal(byVerb(await w.viewOf(chris), 'approve-escalation'), undefined);
      assert.equal(byVerb(await w.viewOf(alex), 'record-decision'), undefined);
      await pressVerb(w, chris, 'record-decision', { decision: 'Early help offer within a week' });
      assert.equal((await w.stored()).status, 'closed');
    } finally {
      await w.close();
    }
  });

  it('skipping: a senior manager passes over the first-line level with a reason; first-line managers cannot', async () => {
    const w = await rig.world({ PROTOCOL_FILE: protocol('skipping') });
    try {
      await w.raise();
      assert.equal(byVerb(await w.viewOf(priya), 'approve-escalation'), undefined, 'nobody has asked; a first-line manager has nothing to approve');
      const view = await w.viewOf(chris);
      const move = byVerb(view, 'approve-escalation');
      assert.ok(move, 'the senior manager may pass Stage 2 over');
      assert.match(JSON.stringify(view), /Stage 3: Senior managers decide/);
      const noReason = await w.press(chris, move, { toStage: '3' }, 'ladder');
      assert.match(noReason.notice, /reason for passing over a level/);
      assert.equal((await w.stored()).stage, 1);
      const crafted = await w.invoke(jo, verbOf('approve-escalation'), { disputeId: w.disputeId, fromStage: 1, toStage: '3', escalationReason: 'Skip it', rev: 1 });
      assert.match(crafted.notice, /Only the senior managers may pass over Stage 2/);
      await pressVerb(w, chris, 'approve-escalation', { toStage: '3', escalationReason: 'Significant harm: the senior managers must decide today' });
      const moved = await w.stored();
      assert.equal(moved.stage, 3);
      assert.match(JSON.stringify(moved.state), /"skipped":\[2\]/);
      assert.match(JSON.stringify(w.h.connector.postsIn(w.thread).at(-1)?.body.text), /passed over Stage 2/);
      await pressVerb(w, chris, 'record-decision', { decision: 'Strategy discussion today' });
      assert.equal((await w.stored()).status, 'closed');
    } finally {
      await w.close();
    }
  });

  it('a level the protocol leaves out where both agencies are one organisation: Stage 1 runs out straight to the senior managers', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'one-organisation-'));
    const file = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'protocols', '4lscb.json'), 'utf8'));
    file.levels[1].omitWhen = 'same-organisation';
    writeFileSync(path.join(dir, 'protocol.json'), JSON.stringify(file));
    const directory = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'directory', 'sample-partnership.json'), 'utf8'));
    const council = (name: string) => ({ name, organisation: 'Anyshire County Council' });
    directory.agencies = directory.agencies.map((a: string | { name: string }) => (typeof a === 'string' ? council(a) : { ...a, organisation: 'Anyshire County Council' }));
    writeFileSync(path.join(dir, 'directory.json'), JSON.stringify(directory));
    const together = await rig.world({ PROTOCOL_FILE: path.join(dir, 'protocol.json'), DIRECTORY_FILE: path.join(dir, 'directory.json') });
    try {
      await together.raise();
      await runsOut(together);
      assert.deepEqual(lastMentioned(together), ['Chris Lee'], 'the senior managers (Chris Lee for both agencies), not the first-line managers');
      assert.match(JSON.stringify(together.h.connector.postsIn(together.thread).at(-1)?.body.text), /has moved to Stage 3: Senior manager to senior manager/);
      assert.equal((await together.stored()).stage, 2, 'the second level of this dispute\'s ladder');
    } finally {
      await together.close();
    }
    // The same file, agencies of different organisations: the ladder keeps Stage 2.
    const apart = await rig.world({ PROTOCOL_FILE: path.join(dir, 'protocol.json') });
    try {
      await apart.raise();
      await runsOut(apart);
      assert.deepEqual(lastMentioned(apart), ['Priya Shah', 'Jo Evans']);
    } finally {
      await apart.close();
    }
  });

  it('a protocol whose document names no threshold tiers or consent grounds: the raise card asks for neither, and no card shows them', async () => {
    const w = await rig.world({ PROTOCOL: 'set' });
    try {
      await w.raise();
      const form = JSON.stringify(w.raiseForm(people.alex));
      assert.doesNotMatch(form, /"id":"tier"|"id":"consent"/, 'the raise card has no tier or consent input');
      const { state } = await w.stored();
      const concern = (state as { concern: { tier: string; consent: string } }).concern;
      assert.deepEqual([concern.tier, concern.consent], ['', 'not-applicable']);
      assert.doesNotMatch(JSON.stringify(await w.viewOf(alex)), /Threshold tier|Parental consent/);
    } finally {
      await w.close();
    }
    const lscb = await rig.world({});
    try {
      await lscb.raise();
      assert.match(JSON.stringify(lscb.raiseForm(people.alex)), /Tier 4: specialist \/ child protection/, 'the 4LSCB file lists its Thresholds Document\'s tiers');
      assert.match(JSON.stringify(await lscb.viewOf(alex)), /Threshold tier/);
    } finally {
      await lscb.close();
    }
  });
});
