import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { CARD_MODULES, CardCommandKind } from '../commands';
import type { CardContract } from '../commands/command';
import { choices, DISPUTE_ID, object, text } from '../commands/card-fields';
import type { CommandBody } from '../commands';

/**
 * What a card press arrives as, before it is a command: each command's button contract is
 * declared with the command (src/commands); this is the edge's side of it. Routes are
 * registered from COMMANDS.
 */

/** The dispute a press names, when it names one in the form the bot writes, even if the rest of its data is wrong. */
export function disputeIdOf(data: unknown): string | undefined {
  const id = (data as { disputeId?: unknown } | undefined)?.disputeId;
  return typeof id === 'string' && DISPUTE_ID.test(id) ? id : undefined;
}

/** Each command a person gives from a card, by kind: its button's contract. */
export const COMMANDS = Object.fromEntries(CARD_MODULES.map((m) => [m.kind, m.card])) as { [K in CardCommandKind]: CardContract<CommandBody> };

/** The verbs that are not commands: showing a person their view, and the raise form. */
export const REFRESH_VERB = 'dispute.refresh';
export const RAISE_VERB = 'raise.submit';

/** The data of a "Show my view" / Refresh press. */
export const REFRESH = object({});

/** Times for a meeting from the attendees' free/busy: for the one being convened, or for moving the meeting the card shows (`meetingAt`). */
export const SUGGEST_TIMES_VERB = 'dispute.suggestMeetingTimes';
export const SUGGEST_TIMES = object({
  meetingAt: text('The meeting', 40),
  meetingAttendees: choices('Attendees'),
  meetingMinutes: text('Length', 4),
  moveMinutes: text('Length', 4),
});

export type Parsed<T> = { ok: true; data: T } | { ok: false; message: string };

/** Parse a press against its contract; every problem, field by field, in words, when it does not fit. */
export function parsePress<S extends z.ZodType>(schema: S, data: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(data ?? {});
  if (result.success) return { ok: true, data: result.data };
  const messages = [...new Set(result.error.issues.map((i) => i.message))];
  return { ok: false, message: messages.join(' ') || 'This card sent something unexpected. Press Refresh and try again.' };
}

/**
 * The id of one press: who pressed which button on which version of the card, with what.
 * Pressing again, or retrying after the store's reply was lost, gives the same id.
 */
export function commandId(verb: string, actorId: string, data: unknown): string {
  return createHash('sha256').update(JSON.stringify([verb, actorId, data])).digest('hex').slice(0, 32);
}
