/**
 * What a Teams client does with an Adaptive Card the bot sent: find its buttons, gather the
 * inputs a button submits, refuse to send while a required input is empty, and merge the
 * inputs over the button's own data exactly as the template expanded it (numbers stay
 * numbers). Tests press only buttons found this way.
 */

export interface CardInput {
  id: string;
  type: string;
  value?: string;
  isRequired?: boolean;
  isMultiSelect?: boolean;
  valueOn?: string;
  valueOff?: string;
  choices?: { title: string; value: string }[];
}

export interface CardButton {
  title: string;
  verb: string;
  /** The action's data as the bot sent it. */
  data: Record<string, unknown>;
  /** The inputs Teams gathers for it: those of its own card and of the cards around it. */
  inputs: CardInput[];
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The inputs directly in a card's body (inside containers and columns, not inside show-cards). */
function inputsIn(elements: Json[] | undefined): CardInput[] {
  const found: CardInput[] = [];
  for (const e of elements ?? []) {
    if (typeof e?.type === 'string' && e.type.startsWith('Input.') && e.id) found.push(e as CardInput);
    found.push(...inputsIn(e.items), ...inputsIn(e.columns), ...inputsIn(e.rows?.flatMap((r: Json) => r.cells ?? [])));
  }
  return found;
}

function actionsIn(elements: Json[] | undefined): Json[] {
  const found: Json[] = [];
  for (const e of elements ?? []) {
    if (e?.type === 'ActionSet') found.push(...(e.actions ?? []));
    found.push(...actionsIn(e.items), ...actionsIn(e.columns));
  }
  return found;
}

/** Every Action.Execute on a card, shown or behind a show-card, with the inputs it submits. */
export function buttonsOn(card: Json | undefined, outer: CardInput[] = []): CardButton[] {
  if (!card) return [];
  const inputs = [...outer, ...inputsIn(card.body)];
  const buttons: CardButton[] = [];
  for (const action of [...actionsIn(card.body), ...(card.actions ?? [])]) {
    if (action.type === 'Action.Execute') buttons.push({ title: action.title, verb: action.verb, data: action.data ?? {}, inputs });
    if (action.type === 'Action.ShowCard') buttons.push(...buttonsOn(action.card, inputs));
  }
  return buttons;
}

export function button(card: Json | undefined, title: string | RegExp): CardButton {
  const all = buttonsOn(card);
  const found = all.find((b) => (typeof title === 'string' ? b.title === title : title.test(b.title)));
  if (!found) throw new Error(`No button "${title}" on the card; it has: ${all.map((b) => b.title).join(' | ') || 'none'}`);
  return found;
}

export const hasButton = (card: Json | undefined, title: string | RegExp): boolean =>
  buttonsOn(card).some((b) => (typeof title === 'string' ? b.title === title : title.test(b.title)));

export class RequiredInputMissing extends Error {}

/**
 * The data Teams sends for a press: the button's data, with every input that has a value
 * (typed, or the value the card set) as a string. A required input left empty stops the send.
 */
export function pressData(b: CardButton, typed: Record<string, string> = {}): Record<string, unknown> {
  const values: Record<string, string> = {};
  for (const input of b.inputs) {
    const value = typed[input.id] ?? input.value ?? (input.type === 'Input.Toggle' ? input.valueOff ?? 'false' : undefined);
    if (value !== undefined && value !== '') values[input.id] = String(value);
    else if (input.isRequired) throw new RequiredInputMissing(`"${input.id}" is required on "${b.title}"`);
  }
  return { ...b.data, ...values };
}
