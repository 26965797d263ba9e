import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { COMMANDS, RAISE_VERB, REFRESH_VERB, verbOf, viewKeyOf } from '../../src/bot/card-actions';
import { AWAY_VERBS } from '../../src/bot/away';
import { WHO } from '../../src/domain/permissions';

/** Every command is declared once; its verb, view key and rule derive from that entry. */
const TEMPLATES = path.join(__dirname, '..', '..', 'adaptive-cards');

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

function templates(): Found {
  const found: Found = { verbs: new Set(), shownBy: new Map() };
  for (const file of readdirSync(TEMPLATES).filter((f) => f.endsWith('.json'))) walk(JSON.parse(readFileSync(path.join(TEMPLATES, file), 'utf8')), [], found);
  return found;
}

describe('each command declared once', () => {
  const found = templates();
  const routes = new Set([...Object.keys(COMMANDS).map(verbOf), REFRESH_VERB, RAISE_VERB, ...Object.values(AWAY_VERBS)]);

  it('every verb on a card template has a route', () => {
    assert.deepEqual([...found.verbs].filter((v) => !routes.has(v)), []);
  });

  it('every route has a button on a card template', () => {
    assert.deepEqual([...routes].filter((v) => !found.verbs.has(v)), []);
  });

  it('each command\'s button is shown by its own view key, and every view key a template uses is a command\'s', () => {
    for (const kind of Object.keys(COMMANDS)) {
      assert.ok(found.shownBy.get(viewKeyOf(kind))?.has(verbOf(kind)), `${verbOf(kind)} sits under $when can.${viewKeyOf(kind)}`);
    }
    const keys = new Set(Object.keys(COMMANDS).map(viewKeyOf));
    assert.deepEqual([...found.shownBy.keys()].filter((k) => !keys.has(k)), []);
  });

  it('every command a person gives has a rule for who may give it', () => {
    assert.deepEqual(Object.keys(COMMANDS).filter((kind) => !(kind in WHO)), []);
    assert.deepEqual(Object.keys(WHO).filter((kind) => !(kind in COMMANDS)), []);
  });
});
