import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../paths';
import * as ACData from 'adaptivecards-templating';
import { compileTemplate } from './compiled-template';
import { FIELD_LIMITS, isLimitedField, limitWords } from '../commands/field-limits';
import { CARD_MODULES } from '../commands';

/** Every card the bot draws, one template each in adaptive-cards/. */
export const CARD_NAMES = ['away-form', 'raise-form', 'raised', 'dispute-thread', 'dispute-view', 'secretariat-view', 'status', 'written-account'] as const;
export type CardName = (typeof CARD_NAMES)[number];

export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  [key: string]: unknown;
}

const TEMPLATE_DIR = path.join(ROOT, 'adaptive-cards');
/** Each card's template, ready to expand: compiled (compiled-template.ts), or the library's where it cannot be. */
const templates = new Map<CardName, (viewModel: object) => unknown>();
/** Where tests run: every card is expanded by the library too, and the two must be the same. */
const CHECK_EXPANSION = process.env.CHECK_CARD_EXPANSION === '1';

/** Visit every object in a card, depth first. */
function eachElement(node: unknown, visit: (element: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => eachElement(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((n) => eachElement(n, visit));
  }
}

/** Every typed field takes at most its limit, and its label says so (field-limits.ts). */
function withLimits(card: unknown): unknown {
  eachElement(card, (element) => {
    if (element.type !== 'Input.Text' || !isLimitedField(element.id)) return;
    element.maxLength = FIELD_LIMITS[element.id];
    element.label = `${String(element.label ?? '')} (up to ${limitWords(element.id)})`;
  });
  return card;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(TEMPLATE_DIR, file), 'utf8'));

/** A command's part of a person's view: its buttons and their inputs, kept with the command (src/commands). */
export const fragmentFile = (kind: string): string => `commands/${kind}.json`;

/**
 * The commands' fragments put in place, in the registry's order: `{"$commands": "top"}` or
 * `{"$commands": "actions"}` stands for every command's fragment of that place on a person's
 * view, `{"$commands": "secretariat"}` for those also on the secretariat's own view. A command
 * shown on another's fragment has none of its own.
 */
function withFragments(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.flatMap((n) => {
      const o = n as Record<string, unknown> | null;
      if (o && typeof o.$commands === 'string') {
        const place = o.$commands;
        const here = CARD_MODULES.filter((m) => !m.card.shownWith && (place === 'secretariat' ? m.card.secretariatView : (m.card.place ?? 'actions') === place));
        return here.map((m) => readJson(fragmentFile(m.kind)));
      }
      return [withFragments(n)];
    });
  }
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withFragments(v)]));
  return node;
}

/** A template as the cards are expanded from: its commands' fragments in place. */
export function templateJson(name: CardName): unknown {
  return withFragments(readJson(`${name}.json`));
}

function template(name: CardName): (viewModel: object) => unknown {
  let expand = templates.get(name);
  if (!expand) {
    const payload = withLimits(templateJson(name));
    const compiled = compileTemplate(payload);
    // The library's own template is made only where it is used: no template needs it today.
    let library: ACData.Template | undefined;
    const byLibrary = (viewModel: object) => (library ??= new ACData.Template(payload)).expand({ $root: viewModel }) as unknown;
    expand = !compiled ? byLibrary : CHECK_EXPANSION ? checked(name, compiled.expand, byLibrary) : compiled.expand;
    templates.set(name, expand);
  }
  return expand;
}

/** The compiled expansion, failing loudly wherever it differs from the library's (both failing is the same). */
function checked(name: CardName, compiled: (viewModel: object) => unknown, library: (viewModel: object) => unknown): (viewModel: object) => unknown {
  const outcome = (expand: (viewModel: object) => unknown, viewModel: object): { card?: unknown; error?: unknown; text: string } => {
    try {
      const card = expand(viewModel);
      return { card, text: JSON.stringify(card) };
    } catch (error) {
      return { error, text: 'failed' };
    }
  };
  return (viewModel) => {
    const ours = outcome(compiled, viewModel);
    const theirs = outcome(library, viewModel);
    if (ours.text !== theirs.text) throw new Error(`The ${name} card expanded differently from adaptivecards-templating: ${ours.text.slice(0, 300)} against ${theirs.text.slice(0, 300)}`);
    if (ours.error) throw ours.error;
    return ours.card;
  };
}

/** Who is told each view-model a card is expanded from (the bindings test checks them against the templates). */
const observers = new Set<(name: CardName, viewModel: object) => void>();

/** Be told each card's view-model as it is rendered; returns how to stop. */
export function observeRenders(observer: (name: CardName, viewModel: object) => void): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/**
 * Expand a card template with its view-model. Values typed by people are bound as data,
 * never spliced into the template, so "${...}" in them stays literal.
 */
export function renderCard(name: CardName, viewModel: object, typed?: Record<string, unknown>): AdaptiveCardJson {
  for (const observe of observers) observe(name, viewModel);
  const card = template(name)(viewModel) as AdaptiveCardJson;
  delete card.$schema;
  if (typed) keepTyped(card, typed);
  return card;
}

/**
 * A card answering a refused press keeps what the person typed in its inputs, so nothing is
 * lost; text beyond a field's limit is cut to it (the refusal says how much there was), so the
 * card stays within what Teams shows.
 */
function keepTyped(card: AdaptiveCardJson, typed: Record<string, unknown>): void {
  eachElement(card, (element) => {
    if (typeof element.type !== 'string' || !element.type.startsWith('Input.') || typeof element.id !== 'string') return;
    const value = typed[element.id];
    if (typeof value !== 'string' && typeof value !== 'boolean') return;
    const text = String(value);
    if (element.type === 'Input.ChoiceSet' && Array.isArray(element.choices)) {
      // A choice keeps only values the card offers (a multi-select's several, comma-joined), however long they are together.
      const offered = new Set(element.choices.map((c: { value?: unknown }) => String(c.value)));
      element.value = text.split(',').filter((v) => offered.has(v)).join(',');
      return;
    }
    const limit = isLimitedField(element.id) ? FIELD_LIMITS[element.id] : 200;
    element.value = text.slice(0, limit);
  });
}
