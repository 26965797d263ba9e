import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { FIELD_LIMITS, LimitedField, overLimit } from './field-limits';
import type { AgreedAction, PersonRef } from '../domain/dispute';
import type { StageNumber } from '../domain/protocol';

/**
 * The pieces every card contract is made of: what an Action.Execute's data holds as the card
 * template expands it, merged with the card's inputs as the Teams client sends them. Templating
 * keeps a value's type when a field is a single expression (`"fromStage": "${stage}"` arrives as
 * the number 3), and inputs arrive as strings ("true"/"false" for toggles, comma-joined choices
 * for multi-selects). Anything else is refused with a message a person can act on.
 */

const MAX_TEXT = 3000;

/** Ids the bot itself puts on cards: uuids, directory and Teams ids. */
export const DISPUTE_ID = /^[A-Za-z0-9:_-]{1,80}$/;
const disputeId = z.string({ error: 'This button does not name a dispute.' }).regex(DISPUTE_ID, { error: 'This button does not name a dispute.' });

/** A level's position as the template expands it (a number), or as a choice input sends it (a string). */
export const stage = z
  .union([z.number(), z.string().regex(/^\s*\d+\s*$/).transform(Number)], { error: 'This card is out of date. Press Refresh and try again.' })
  .pipe(z.number().int().min(1).max(50, { error: 'This card is out of date. Press Refresh and try again.' }))
  .transform((n) => n as StageNumber);

/** Free text from an input: optional (Teams leaves empty inputs out), trimmed, with a length limit named by its label. */
export const text = (label: string, max = MAX_TEXT) =>
  z
    .string({ error: `${label}: this must be text.` })
    .max(max, { error: `${label}: keep it under ${max} characters.` })
    .optional()
    .transform((v) => (v ?? '').trim());

/** A typed field with its limit from the one table the card also takes it from; over it, the refusal says by how much. */
export const limited = (label: string, field: LimitedField) =>
  z
    .string({ error: `${label}: this must be text.` })
    .optional()
    .transform((v) => (v ?? '').trim())
    .refine((v) => v.length <= FIELD_LIMITS[field], { error: (issue) => overLimit(label, field, String(issue.input ?? '').trim().length) });

/** A multi-select's comma-joined values. */
export const choices = (label: string) => text(label).transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

/** Every press names its dispute; the card's revision, when it carries one, tells a repeat from a new press. */
const base = { disputeId, rev: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]).optional() };

/** A press's data: the dispute and revision every button carries, and the fields of this one. */
export const object = <T extends z.ZodRawShape>(shape: T) => z.object({ ...base, ...shape });

/** A UK date and time from Input.Date ("2027-01-04") and Input.Time ("10:00"). */
export function ukMoment(date: string, time: string): string | undefined {
  const moment = DateTime.fromISO(`${date}T${time || '00:00'}`, { zone: 'Europe/London' });
  return moment.isValid && /^\d{4}-\d{2}-\d{2}$/.test(date) ? moment.toUTC().toISO() ?? undefined : undefined;
}

/** A UK date as typed on a card ("06/01/2027" or "2027-01-06") as an ISO date. */
export function ukDate(text: string): string | undefined {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : text;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && DateTime.fromISO(iso).isValid ? iso : undefined;
}

/**
 * "what | who | by when" per line; every part is needed. An owner who is someone in the
 * dispute is recognised by name, so they can be reminded when the action falls due.
 */
export function parseActions(text: string, people: PersonRef[] = []): AgreedAction[] | { error: string } {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const actions: AgreedAction[] = [];
  for (const [i, line] of lines.entries()) {
    const [description, owner, dueText] = line.split('|').map((p) => p.trim());
    if (!description || !owner || !dueText) return { error: `Action ${i + 1}: write it as what | who | by when, for example "Home visit | Sam Taylor | 06/01/2027".` };
    const due = ukDate(dueText);
    // The typed text is not repeated: the answer names the action and what to write instead.
    if (!due) return { error: `Action ${i + 1}: the "by when" part is not a date; write it like 06/01/2027.` };
    const ownerRef = people.find((p) => p.name.toLowerCase() === owner.toLowerCase());
    actions.push({ description, owner, due, ...(ownerRef ? { ownerRef } : {}) });
  }
  return actions;
}

/** A moment a minute ahead: what a probe proposes where a command needs a time still to come. */
export const soon = (now: Date): string => new Date(now.getTime() + 60_000).toISOString();

/** The same typed content, pressed again, gives the same id. */
export const contentId = (prefix: string, parts: unknown[]): string => `${prefix}-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 24)}`;
