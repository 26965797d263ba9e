import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../paths';
import * as ACData from 'adaptivecards-templating';

export type CardName = 'away-form' | 'raise-form' | 'raised' | 'dispute-thread' | 'dispute-view' | 'secretariat-view' | 'status' | 'written-account';

export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  [key: string]: unknown;
}

const TEMPLATE_DIR = path.join(ROOT, 'adaptive-cards');
const templates = new Map<CardName, ACData.Template>();

function template(name: CardName): ACData.Template {
  let t = templates.get(name);
  if (!t) {
    t = new ACData.Template(JSON.parse(readFileSync(path.join(TEMPLATE_DIR, `${name}.json`), 'utf8')));
    templates.set(name, t);
  }
  return t;
}

/**
 * Expand a card template with its view-model. Values typed by people are bound as data,
 * never spliced into the template, so "${...}" in them stays literal.
 */
export function renderCard(name: CardName, viewModel: object): AdaptiveCardJson {
  const card = template(name).expand({ $root: viewModel }) as AdaptiveCardJson;
  delete card.$schema;
  return card;
}
