import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { JSDOM } from 'jsdom';

/** The Adaptive Card 1.5 JSON schema (microsoft/AdaptiveCards schemas/1.5.0), kept with the tests. */
function schemaPath(): string {
  const candidates = [path.join(__dirname, '..', 'fixtures', 'adaptive-card-1.5.json')];
  for (const candidate of candidates) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      /* try the next */
    }
  }
  throw new Error(`Adaptive Card 1.5 schema not found in ${candidates.join(' or ')}`);
}

let validator: ((card: unknown) => string[]) | undefined;

/** Errors against the Adaptive Card 1.5 schema (the Teams-only msteams property checked apart). */
export function schemaErrors(card: Record<string, unknown>): string[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strictTypes: false, strict: false });
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
    addFormats(ajv);
    ajv.addVocabulary(['version', 'features', 'example']);
    const schema = JSON.parse(readFileSync(schemaPath(), 'utf8'));
    schema.$id = schema.id;
    delete schema.id;
    const validate = ajv.compile(schema);
    validator = (c) => (validate(c) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  }
  const { msteams, ...rest } = card;
  const teamsExtensions: string[] = [];
  const stripped = JSON.parse(JSON.stringify(rest), (key, value) => {
    if (value && typeof value === 'object' && 'choices.data' in value) {
      // Teams' dynamic people picker, not in the 1.5 schema: checked here instead.
      const query = value['choices.data'];
      if (query?.type !== 'Data.Query' || typeof query.dataset !== 'string') teamsExtensions.push(`${key}: choices.data must be a Data.Query with a dataset`);
      const { 'choices.data': _query, ...others } = value;
      return others;
    }
    return value;
  });
  const errors = [...validator(stripped), ...teamsExtensions];
  if (msteams !== undefined) {
    const entities = (msteams as { entities?: unknown }).entities;
    if (entities !== undefined && !Array.isArray(entities)) errors.push('msteams.entities must be an array');
  }
  return errors;
}

let dom: JSDOM | undefined;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function adaptiveCards(): any {
  if (!dom) {
    dom = new JSDOM('<!doctype html><html><body></body></html>');
    const g = globalThis as Record<string, unknown>;
    const w = dom.window as unknown as Record<string, unknown>;
    g.window = w;
    g.document = w.document;
    g.getComputedStyle = dom.window.getComputedStyle.bind(dom.window);
    for (const key of Object.getOwnPropertyNames(dom.window)) {
      if (/^(HTML|SVG|Element$|Node$|Text$|Event$|KeyboardEvent|MouseEvent|CustomEvent|DOMParser|navigator)/.test(key) && !(key in g)) g[key] = w[key];
    }
    // jsdom has no innerText, which the renderer uses for plain text.
    Object.defineProperty(dom.window.HTMLElement.prototype, 'innerText', {
      get(this: HTMLElement) { return this.textContent; },
      set(this: HTMLElement, value: string) { this.textContent = value; },
    });
    const AC = require('adaptivecards/dist/adaptivecards.js');
    // Process markdown the way Teams does (bold, links, HTML passes through), so a test sees
    // whether text a person typed would be formatted: TextBlocks are, TextRuns never are.
    AC.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml?: string; didProcess: boolean }) => {
      result.outputHtml = text.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\[(.+?)\]\((.+?)\)/g, '<a href="$2">$1</a>');
      result.didProcess = true;
    };
  }
  return require('adaptivecards/dist/adaptivecards.js');
}

/** Parse with the official renderer: unknown elements, bad versions, duplicate ids. */
export function rendererErrors(card: object): string[] {
  const AC = adaptiveCards();
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const errors: string[] = [];
  for (let i = 0; i < context.eventCount; i++) errors.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) errors.push(e.message);
  return errors;
}

/** Render with the official renderer in jsdom and return what a person would read. */
export function renderedText(card: object): string {
  const AC = adaptiveCards();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card);
  const element = parsed.render() as HTMLElement | undefined;
  if (!element) throw new Error('the official renderer could not render the card');
  // Buttons' titles sit in aria-labels and text nodes; collect both, in document order.
  const buttons = [...element.querySelectorAll('button')].map((b) => b.getAttribute('aria-label') ?? '');
  return `${element.textContent ?? ''}\n${buttons.join('\n')}`;
}
