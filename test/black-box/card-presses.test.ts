import assert from 'node:assert/strict';
import { COMMANDS } from '../../src/bot/card-actions';
import { verbOf } from '../../src/commands';

const doneFor = (verb: string): string => Object.entries(COMMANDS).find(([kind]) => verbOf(kind) === verb)![1].done;
import { User } from '../support/bot-harness';
import { button, CardButton, hasButton } from '../support/card-client';
import { Case, CASES } from '../support/press-cases';
import { identityCounts, people, pressCounts, RAISE_TYPED, Rig, World } from '../support/black-box';
import type { Fault } from '../support/store-fault-proxy';

/**
 * The bot as Teams uses it, only through HTTP: every button is found on a card the bot sent,
 * pressed with its data exactly as the template expanded it and the inputs merged as the
 * Teams client merges them. For every verb: a press by each person entitled to it, a double
 * press, ten presses at once, a crafted press by each person the card hides it from, and
 * presses while the store fails in each way a real store and network fail.
 */
const { alex, dev } = people;

const FAULTS: { name: string; fault: Fault; options?: { writesOnly?: boolean; times?: number } }[] = [
  { name: 'answers 429 twice, then recovers', fault: { kind: '429', retryAfterMs: 50 }, options: { writesOnly: true, times: 2 } },
  { name: 'keeps answering 429', fault: { kind: '429', retryAfterMs: 100 }, options: { writesOnly: true } },
  { name: 'answers 503', fault: { kind: '503' }, options: { writesOnly: true } },
  { name: 'stalls', fault: { kind: 'stall' }, options: { writesOnly: true } },
  { name: 'applies the write but the reply is lost', fault: { kind: 'drop-reply' }, options: { writesOnly: true, times: 1 } },
  { name: 'refuses connections', fault: { kind: 'refuse' } },
];

const BUSY = /The store is busy: nothing was saved|The store did not answer in time/;
const NOT_CHANGED = /Nothing was changed|You are not part of .* nothing was changed/;

describe('black box: every button pressed as Teams sends it', function () {
  this.timeout(120_000);
  let rig: Rig;

  before(async () => {
    rig = await new Rig().start();
  });
  after(async () => {
    await rig?.stop();
    const total = [...pressCounts.values()].reduce((a, b) => a + b, 0);
    console.log(`      presses made: ${total} (${[...pressCounts].map(([k, n]) => `${k} ${n}`).join(', ')})`);
    console.log(`      presses and views by identity: ${[...identityCounts].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  });

  async function world(c: Case): Promise<World> {
    const w = await rig.world(c.env);
    await c.setup(w);
    return w;
  }

  /** How many events one press by the first entitled person records on a healthy store (measured once per case). */
  const healthy = new Map<Case, number>();
  async function healthyEffect(c: Case): Promise<number> {
    if (!healthy.has(c)) {
      const w = await world(c);
      try {
        const before = await w.stored();
        await w.press(c.entitled[0]!, await buttonFor(w, c.entitled[0]!, c), c.typed, 'baseline');
        await w.settle();
        healthy.set(c, (await w.stored()).events - before.events);
      } finally {
        await w.close();
      }
    }
    return healthy.get(c)!;
  }

  async function buttonFor(w: World, who: User, c: Case): Promise<CardButton> {
    const view = await w.viewOf(who);
    return button(view, c.title);
  }

  it('every card verb has a case here, and every case a verb', () => {
    const covered = new Set(CASES.map((c) => c.verb));
    assert.deepEqual(Object.keys(COMMANDS).map(verbOf).filter((v) => !covered.has(v)), []);
  });

  for (const c of CASES) {
    describe(c.name, () => {
      it('each person entitled sees the button, and one press does it', async () => {
        for (const who of c.entitled) {
          const w = await world(c);
          try {
            const before = await w.stored();
            const answer = await w.press(who, await buttonFor(w, who, c), c.typed);
            assert.equal(answer.status, 200);
            assert.equal(answer.notice, doneFor(c.verb), `${who.name}: ${answer.notice}`);
            assert.ok((await w.stored()).events > before.events, `${who.name}'s press changed the dispute`);
          } finally {
            await w.close();
          }
        }
      });

      it('a second press of the same button is "Already done" and changes nothing more', async () => {
        const w = await world(c);
        try {
          const b = await buttonFor(w, c.entitled[0]!, c);
          await w.press(c.entitled[0]!, b, c.typed);
          await w.settle();
          const once = await w.stored();
          const again = await w.press(c.entitled[0]!, b, c.typed, 'double');
          assert.equal(again.status, 200);
          assert.match(again.notice, /^Already done/);
          await w.settle();
          assert.equal((await w.stored()).events, once.events);
        } finally {
          await w.close();
        }
      });

      it('ten presses at once by the people entitled have the effect of the same presses one after another', async () => {
        const pressers = Array.from({ length: 10 }, (_, i) => c.entitled[i % c.entitled.length]!);
        const outcome = async (together: boolean) => {
          const w = await world(c);
          try {
            const before = await w.stored();
            const buttons = new Map<string, CardButton>();
            for (const who of c.entitled) buttons.set(who.id, await buttonFor(w, who, c));
            const press = (who: User) => w.press(who, buttons.get(who.id)!, c.typed, together ? 'concurrent' : 'sequential');
            const answers = together ? await Promise.all(pressers.map(press)) : await pressers.reduce<Promise<Awaited<ReturnType<typeof press>>[]>>(async (all, who) => [...(await all), await press(who)], Promise.resolve([]));
            await w.settle();
            for (const a of answers) {
              assert.equal(a.status, 200);
              assert.doesNotMatch(a.notice, BUSY, 'presses at once never run out of retries');
            }
            const after = await w.stored();
            return { events: after.events - before.events, stage: after.stage, status: after.status };
          } finally {
            await w.close();
          }
        };
        assert.deepEqual(await outcome(true), await outcome(false));
      });

      it('the card hides it from everyone else, and their crafted press is refused and changes nothing', async () => {
        const w = await world(c);
        try {
          const b = await buttonFor(w, c.entitled[0]!, c);
          const before = await w.stored();
          for (const who of c.refused) {
            assert.ok(!hasButton(await w.viewOf(who), c.title), `${who.name} does not see "${c.title}"`);
            const answer = await w.press(who, b, c.typed, 'hidden');
            assert.equal(answer.status, 200);
            assert.match(answer.notice, NOT_CHANGED, `${who.name}: ${answer.notice}`);
          }
          await w.settle();
          assert.deepEqual((await w.stored()).state, before.state);
        } finally {
          await w.close();
        }
      });

      for (const f of FAULTS) {
        it(`while the store ${f.name}: answered in time with what happened, and pressing again does it exactly once`, async () => {
          const w = await world(c);
          try {
            const who = c.entitled[0]!;
            const b = await buttonFor(w, who, c);
            const before = await w.stored();
            rig.proxy.inject(f.fault, f.options);
            const answer = await w.press(who, b, c.typed, `fault: ${f.fault.kind}`);
            rig.proxy.clear();
            assert.equal(answer.status, 200);
            assert.ok(answer.ms < 4000, `answered in ${answer.ms} ms`);
            const done = doneFor(c.verb);
            assert.ok(answer.notice === done || /^Already done/.test(answer.notice) || BUSY.test(answer.notice), answer.notice);
            await w.settle();
            if (/nothing was saved/.test(answer.notice)) assert.equal((await w.stored()).events, before.events, 'nothing was saved, as the person was told');
            if (answer.notice === done) assert.ok((await w.stored()).events > before.events, 'saved, as the person was told');
            const again = await w.press(who, b, c.typed, 'after a fault');
            assert.ok(again.notice === done || /^Already done/.test(again.notice), again.notice);
            await w.settle();
            assert.equal((await w.stored()).events - before.events, await healthyEffect(c), 'the same events as one press on a healthy store');
          } finally {
            rig.proxy.clear();
            await w.close();
          }
        });
      }
    });
  }

  describe('raising', () => {
    it('the raise form pressed twice, or ten times at once, raises one dispute', async () => {
      const w = await rig.world();
      try {
        const first = await w.raise();
        const form = w.raiseForm(alex);
        const submit = button(form, 'Raise disagreement');
        const again = await Promise.all(Array.from({ length: 10 }, () => w.press(alex, submit, RAISE_TYPED, 'raise concurrent', w.personal(alex))));
        for (const a of again) assert.match(JSON.stringify(a.card), /Disagreement PD-2026-0001 raised/);
        assert.match(JSON.stringify(first.card), /PD-2026-0001/);
        assert.equal((await w.h.host.service.mine(alex)).length, 1);
      } finally {
        await w.close();
      }
    });

    it('a raise while the store fails keeps what was typed, says nothing was saved, and a second press raises once', async () => {
      const w = await rig.world();
      try {
        rig.proxy.inject({ kind: '503' }, { writesOnly: true });
        await assert.rejects(w.raise(), /raise failed: .*The store is busy: nothing was saved/);
        rig.proxy.clear();
        const form = w.raiseForm(alex);
        const retried = await w.press(alex, button(form, 'Raise disagreement'), RAISE_TYPED, 'raise after a fault', w.personal(alex));
        assert.match(JSON.stringify(retried.card), /Disagreement PD-2026-\d{4} raised/);
        assert.equal((await w.h.host.service.mine(alex)).length, 1);
      } finally {
        rig.proxy.clear();
        await w.close();
      }
    });

    it('text beyond a field\'s limit is refused field by field, nothing is saved, what was typed is kept up to the limit, and the answer stays under 28 KB', async () => {
      const w = await rig.world();
      try {
        await w.raise();
        const view = await w.viewOf(alex);
        // The card states each limit, and gives each input its maxLength.
        const inputs = JSON.stringify(view).match(/"type":"Input\.Text"[^}]*/g) ?? [];
        const position = inputs.find((i) => i.includes('"id":"accountPosition"'))!;
        assert.match(position, /"maxLength":2000/);
        assert.match(position, /\(up to 2,000 characters\)/);
        const before = await w.stored();
        const huge = 'x'.repeat(100_000);
        const answer = await w.press(alex, button(view, 'Save my account'), { accountPosition: huge, accountImpact: huge, accountEvidence: 'A short note' }, 'over the limit');
        assert.equal(answer.status, 200);
        assert.match(answer.notice, /Your account: at most 2,000 characters \(you have 100,000\)\. Impact on the child: at most 1,000 characters \(you have 100,000\)\. Nothing was saved\./);
        const size = Buffer.byteLength(JSON.stringify(answer.card));
        assert.ok(size < 28 * 1024, `the answer card is ${size} bytes`);
        const kept = JSON.stringify(answer.card);
        assert.ok(kept.includes(`"value":"${'x'.repeat(2000)}"`), 'the account is kept, up to its limit');
        assert.ok(kept.includes('"value":"A short note"'), 'a field within its limit is kept whole');
        await w.settle();
        assert.equal((await w.stored()).events, before.events, 'nothing was saved');
      } finally {
        await w.close();
      }
    });

    it('a refusal never repeats typed text where Teams renders markdown: a typed link stays plain text', async () => {
      const w = await rig.world();
      try {
        await w.raise();
        const typed = { outcome: 'A joint home visit', outcomeActions: 'Home visit | Sam Taylor | [click](https://evil.example/x)' };
        const answer = await w.press(alex, button(await w.viewOf(alex), 'Propose for confirmation'), typed, 'markdown');
        assert.match(answer.notice, /Action 1: the "by when" part is not a date; write it like 06\/01\/2027\. Nothing was saved\./);
        const textBlocks: string[] = [];
        const walk = (n: unknown): void => {
          if (Array.isArray(n)) n.forEach(walk);
          else if (n && typeof n === 'object') {
            const e = n as Record<string, unknown>;
            if (e.type === 'TextBlock') textBlocks.push(String(e.text));
            if (e.type === 'FactSet') textBlocks.push(JSON.stringify(e.facts));
            Object.values(e).forEach(walk);
          }
        };
        walk(answer.card);
        assert.ok(textBlocks.every((t) => !t.includes('evil.example')), 'no TextBlock or fact carries the typed link');
        assert.ok(JSON.stringify(answer.card).includes('[click](https://evil.example/x)'), 'what was typed is kept, in its input, for the person to correct');
      } finally {
        await w.close();
      }
    });

    it('a person outside the dispute who presses "Show my view" sees the public card and no details', async () => {
      const w = await rig.world();
      try {
        await w.raise();
        const view = await w.viewOf(dev);
        const text = JSON.stringify(view);
        assert.match(text, /Professional disagreement PD-2026-0001/);
        assert.ok(!text.includes('HPS-4411') && !text.includes('J.B.'));
      } finally {
        await w.close();
      }
    });
  });
});
