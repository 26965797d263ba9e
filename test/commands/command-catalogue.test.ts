import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RAISE_VERB, REFRESH_VERB, SUGGEST_TIMES_VERB } from '../../src/bot/card-actions';
import { AWAY_VERBS } from '../../src/bot/away';
import { CARD_NAMES, fragmentFile, templateJson } from '../../src/cards/render';
import { CARD_MODULES, MODULES, verbOf, viewKeyOf } from '../../src/commands';
import { WORDED } from '../../src/commands/words';
import { CLOCK_EVENTS } from '../../src/domain/evolve';
import type { DisputeEvent, Notice } from '../../src/domain/messages';

/**
 * A command in one place: each is a module in src/commands holding everything about it, and the
 * rest of the bot derives from the registry. This fails when any part of a command is missing,
 * when a template shows a button nobody routes, and when the README's count of the files a
 * command spans is not what the code measures.
 */
const ROOT = path.join(__dirname, '..', '..');

/** Every event type and notice kind there is: the compiler fails this file when one is added and not listed. */
const EVENT_TYPES: Record<DisputeEvent['type'], true> = {
  raised: true, 'account-recorded': true, 'conversation-recorded': true, 'escalation-requested': true, 'escalation-declined': true, 'stage-entered': true,
  acknowledged: true, 'acknowledgement-reminded': true, 'stood-in': true, 'next-tier-exhausted': true, 'approval-awaited': true, 'decision-reminder-scheduled': true,
  'reminder-sent': true, 'manager-disagreed': true, 'meeting-convened': true, 'outcome-proposed': true, 'outcome-confirmed': true, 'outcome-changes-requested': true,
  'immediate-risk-declared': true, 'immediate-risk-stood-down': true, 'protective-deadline-set': true, 'conference-request-decided': true, 'manager-named': true,
  'referred-outside': true, 'themes-recorded': true, 'legal-hold-placed': true, 'legal-hold-lifted': true, agreed: true, 'action-reminded': true, withdrawn: true,
  'decision-recorded': true, 'learning-recorded': true, 'challenge-recognised': true,
  'meeting-record-asked': true, 'meeting-record-chased': true, 'meeting-recorded': true, 'meeting-moved': true, 'meeting-cancelled': true,
};
const NOTICE_KINDS: Record<Notice['kind'], true> = {
  'dispute-raised': true, 'stage-entered': true, 'account-recorded': true, 'conversation-recorded': true, 'escalation-requested': true, 'escalation-declined': true,
  'approval-needed': true, 'decision-overdue': true, 'deadline-reminder': true, 'manager-disagrees': true, 'meeting-convened': true, 'outcome-proposed': true,
  'outcome-changes-requested': true, 'immediate-risk-stood-down': true, 'protective-deadline': true, 'conference-request-decided': true, 'action-due': true,
  'manager-needed': true, 'manager-missing': true, 'manager-named': true, 'referred-outside': true, 'acknowledge-reminder': true, 'next-tier-exhausted': true,
  'receipt-unconfirmed': true, 'stood-in': true, closed: true, 'challenge-recognised': true,
  'meeting-recorded': true, 'meeting-moved': true, 'meeting-cancelled': true, 'meeting-record-due': true, 'meeting-record-overdue': true, 'meeting-missed': true, 'meeting-invited': true,
};

interface Found {
  verbs: Set<string>;
  /** view key → the verbs of the buttons it shows. */
  shownBy: Map<string, Set<string>>;
}

function walk(node: unknown, when: string[], found: Found): void {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, when, found));
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  const key = typeof o.$when === 'string' ? /\$\{can\.(\w+)\}/.exec(o.$when)?.[1] : undefined;
  const inside = key ? [...when, key] : when;
  if (typeof o.verb === 'string') {
    found.verbs.add(o.verb);
    for (const k of inside) found.shownBy.set(k, new Set([...(found.shownBy.get(k) ?? []), o.verb]));
  }
  Object.values(o).forEach((v) => walk(v, inside, found));
}

/** The buttons on the cards as the bot expands them: each template with its commands' fragments in place. */
function cards(): Found {
  const found: Found = { verbs: new Set(), shownBy: new Map() };
  for (const name of CARD_NAMES) walk(templateJson(name), [], found);
  return found;
}

const fragment = (kind: string): unknown => JSON.parse(readFileSync(path.join(ROOT, 'adaptive-cards', fragmentFile(kind)), 'utf8'));

describe('a command in one place', () => {
  const found = cards();
  const routes = new Set([...CARD_MODULES.map((m) => verbOf(m.kind)), REFRESH_VERB, RAISE_VERB, SUGGEST_TIMES_VERB, ...Object.values(AWAY_VERBS)]);

  it('every verb on a card has a route, and every route a button', () => {
    assert.deepEqual([...found.verbs].filter((v) => !routes.has(v)), []);
    assert.deepEqual([...routes].filter((v) => !found.verbs.has(v)), []);
  });

  it('each command\'s button is shown by its own view key, and every view key a card uses is a command\'s', () => {
    for (const { kind } of CARD_MODULES) assert.ok(found.shownBy.get(viewKeyOf(kind))?.has(verbOf(kind)), `${verbOf(kind)} sits under $when can.${viewKeyOf(kind)}`);
    const keys = new Set(CARD_MODULES.map((m) => viewKeyOf(m.kind)));
    assert.deepEqual([...found.shownBy.keys()].filter((k) => !keys.has(k)), []);
  });

  it('each card command has its fragment (or sits on the one it names), and every fragment is a command\'s', () => {
    for (const { kind, card } of CARD_MODULES) {
      const own = path.join(ROOT, 'adaptive-cards', fragmentFile(kind));
      if (card.shownWith) {
        assert.equal(existsSync(own), false, `${kind} sits on ${card.shownWith}'s fragment and has none of its own`);
        const host: Found = { verbs: new Set(), shownBy: new Map() };
        walk(fragment(card.shownWith), [], host);
        assert.ok(host.verbs.has(verbOf(kind)), `${card.shownWith}'s fragment carries ${verbOf(kind)}`);
      } else {
        assert.ok(existsSync(own), `adaptive-cards/${fragmentFile(kind)} exists`);
        const mine: Found = { verbs: new Set(), shownBy: new Map() };
        walk(fragment(kind), [], mine);
        assert.ok(mine.shownBy.get(viewKeyOf(kind))?.has(verbOf(kind)), `${kind}'s fragment shows its button under can.${viewKeyOf(kind)}`);
      }
    }
    const kinds = new Set(CARD_MODULES.filter((m) => !m.card.shownWith).map((m) => m.kind));
    const files = readdirSync(path.join(ROOT, 'adaptive-cards', 'commands')).map((f) => f.replace(/\.json$/, ''));
    assert.deepEqual(files.filter((f) => !kinds.has(f)), []);
  });

  it('every command has a rule, a handler, folds and words; each kind is declared once', () => {
    const kinds = MODULES.map((m) => m.kind);
    assert.equal(new Set(kinds).size, kinds.length);
    for (const m of MODULES) {
      assert.equal(typeof m.rule, 'function', `${m.kind} has a rule`);
      assert.equal(typeof m.decide, 'function', `${m.kind} has a handler`);
      assert.deepEqual(Object.keys(m.folds).filter((t) => !Object.keys(m.entries).includes(t)), [], `${m.kind} words every event it folds`);
    }
  });

  it('every command has its own test, given events, when a command, then events or a refusal', () => {
    const missing = MODULES.map((m) => m.kind).filter((kind) => !existsSync(path.join(ROOT, 'test', 'commands', `${kind}.test.ts`)));
    assert.deepEqual(missing, []);
    for (const { kind } of MODULES) {
      assert.match(readFileSync(path.join(ROOT, 'test', 'commands', `${kind}.test.ts`), 'utf8'), /given\(/, `${kind}'s test speaks given / when / then`);
    }
  });

  it('every event is folded once, by the command that records it or by the clock', () => {
    const folded = [...MODULES.flatMap((m) => Object.keys(m.folds)), ...CLOCK_EVENTS];
    assert.deepEqual([...folded].sort(), Object.keys(EVENT_TYPES).sort());
  });

  it('every event and every notice has its words', () => {
    assert.deepEqual(Object.keys(EVENT_TYPES).filter((t) => !WORDED.events.has(t)), []);
    assert.deepEqual(Object.keys(NOTICE_KINDS).filter((k) => !WORDED.notices.has(k)), []);
  });

  /**
   * The files that name a command, measured: its kind, verb, view key or module, or the events
   * its module folds (`type: '…'`, `type === '…'`, `case '…'`). Besides its module, its card
   * fragment and its test, a command given from a card is named by the registry and by the
   * record's schema (src/domain/messages.ts, where the events it records are declared); the
   * README names every command that is named anywhere else.
   */
  it('the README says which files name a command, as measured here', () => {
    const sources = [...walkFiles(path.join(ROOT, 'src'), '.ts'), ...walkFiles(path.join(ROOT, 'adaptive-cards'), '.json')];
    const text = new Map(sources.map((f) => [f, readFileSync(f, 'utf8')]));
    const expected = ['src/commands/index.ts', 'src/domain/messages.ts'];
    const elsewhere = new Map<string, string[]>();
    let usual = 0;
    for (const m of CARD_MODULES) {
      const vk = viewKeyOf(m.kind);
      const events = Object.keys(m.folds);
      const names = [`kind: '${m.kind}'`, `kind === '${m.kind}'`, `"${m.kind}"`, `'./${m.kind}'`, `/commands/${m.kind}'`, `dispute.${vk}`, `can.${vk}`, `case '${m.kind}'`,
        ...events.flatMap((e) => [`type: '${e}'`, `type === '${e}'`, `case '${e}'`])];
      const own = [path.join(ROOT, 'src', 'commands', `${m.kind}.ts`), path.join(ROOT, 'adaptive-cards', fragmentFile(m.card.shownWith ?? m.kind))];
      const files = sources.filter((f) => !own.includes(f) && names.some((n) => text.get(f)!.includes(n))).map((f) => path.relative(ROOT, f));
      const beyond = files.filter((f) => !expected.includes(f));
      if (beyond.length) elsewhere.set(m.kind, beyond);
      else if (files.length === expected.length) usual++;
    }
    assert.ok(usual > CARD_MODULES.length / 2, `most commands are named in ${expected.join(' and ')} and nowhere else`);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const claim = /A command given from a card is named in its module, its card fragment, its test and (\w+) other files?/.exec(readme);
    assert.ok(claim, 'the README says how many other files name a command');
    assert.equal(words(claim[1]!), expected.length);
    const listed = /More for: ([^\n]+)\n/.exec(readme.slice(claim.index))?.[1]!.split(/\), /).map((s) => /`([a-z-]+)`/.exec(s)![1]).sort();
    assert.deepEqual(listed, [...elsewhere.keys()].sort(), `named elsewhere: ${JSON.stringify(Object.fromEntries(elsewhere))}`);
  });
});

function walkFiles(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walkFiles(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : []));
}

const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const words = (n: string): number => (NUMBERS.includes(n) ? NUMBERS.indexOf(n) : Number(n));
