import type { z } from 'zod';
import type { Context } from '../domain/decider/context';
import type { Actor, Dispute, DisputeState, OpenDispute } from '../domain/dispute';
import type { Decision, DisputeEvent, NamedManager, Notice, Refusal } from '../domain/messages';
import type { PersonRef } from '../domain/dispute';
import type { NarrativeEntry } from '../domain/narrative';

/**
 * A command in one place. Each file in this folder is one thing a person (or the protocol's
 * clock) can ask of a dispute, with everything about it: what it carries, who may give it, what
 * it decides, the button that gives it (its contract here, its card fragment in
 * `adaptive-cards/commands/`), and the words of the thread messages it posts. The registry
 * (index.ts) lists them; the decider, the card routes, the buttons a person sees and the
 * notices' words are all derived from that list.
 */

/** Who gives a command, and when: every command carries them. */
export interface Given {
  actor: Actor;
  now: Date;
}

/**
 * What a command's rule answers: allowed, with what the rule established (the side of the
 * professional who pressed, say), so the handler never checks again; refused, with words the
 * person can read; or a repeat of a press already dealt with (the card showed a level the
 * dispute has since left), which is answered with nothing to do.
 */
export type Permit<G> = { granted: G } | { refusal: Refusal } | { repeat: true };

export const allow = <G>(granted: G): Permit<G> => ({ granted });
export const ALLOWED: Permit<void> = { granted: undefined };
export const REPEAT: Permit<never> = { repeat: true };
export const forbid = (message: string): Permit<never> => ({ refusal: { code: 'not-allowed', message } });
export const notNow = (message: string): Permit<never> => ({ refusal: { code: 'wrong-state', message } });
/** What a rule grants once another rule has granted its part: a refusal or a repeat stands as it is. */
export const grantedThen = <A, B>(permit: Permit<A>, then: (granted: A) => Permit<B>): Permit<B> => ('granted' in permit ? then(permit.granted) : permit);

/** A rule that only answers yes or why not (permissions.ts has the shared ones) as a Permit. */
export const byRule = (rule: (d: Dispute, actor: Actor) => Refusal | null) => (d: Dispute, c: Given): Permit<void> => {
  const refusal = rule(d, c.actor);
  return refusal ? { refusal } : ALLOWED;
};

/** People the card may name: those in the dispute, and the partnership directory. */
export interface Known {
  /** Who pressed the button: their key (see person.ts). */
  actorId: string;
  inDispute: PersonRef[];
  /** A manager as the directory knows them, for "Name my manager". */
  manager(id: string): NamedManager | undefined;
}

/** What a press becomes: the command's own fields, or what is wrong with them in words. */
export type Built<B> = { body: B; error?: never } | { error: string; body?: never };

/** The button that gives a command: the data it sends, and how that becomes the command. */
export interface CardContract<B, S extends z.ZodType = z.ZodType> {
  schema: S;
  build(data: z.output<S>, known: Known): Built<B>;
  /** What the person is told once it is done. */
  done: string;
  /**
   * Sample commands the rules are asked about to decide whether this person sees the button now
   * (the card and the decider can never disagree, because the card asks the decider).
   */
  probe(dispute: Dispute, actor: Actor, now: Date): B | B[];
  /**
   * Where its card fragment (`adaptive-cards/commands/<kind>.json`) goes on a person's view:
   * among the actions (the default), or at the top, before the dispute's details.
   */
  place?: 'top' | 'actions';
  /** A command whose button sits on another command's fragment (declining is beside approving). */
  shownWith?: string;
  /**
   * Also on the secretariat's own view of a dispute (secretariat-view.json), which shows nothing
   * about the child: the secretariat may press it without being entitled to the details.
   */
  secretariatView?: true;
}

/** The words of the thread and personal messages a command posts, by notice kind. */
export type NoticeWords = { [K in Notice['kind']]?: (notice: Extract<Notice, { kind: K }>, d: Dispute) => string };

/**
 * The words of the record's entry for each event a command records, read against the dispute as
 * it stood once the event was applied: what happened, and who did it where that is not the
 * person the event names.
 */
export type EntryWords = { [T in DisputeEvent['type']]?: (event: Extract<DisputeEvent, { type: T }>, d: Dispute) => string | { who: string; what: string } };


/** How each event a command records changes the dispute, by event type. */
export type Folds = { [T in DisputeEvent['type']]?: (state: DisputeState, event: Extract<DisputeEvent, { type: T }>) => Dispute };

/** The dispute a command applies to: none yet (raising), an open one, a closed one (themes), or any (a hold, the clock). */
export type Applies = 'new' | 'open' | 'closed' | 'any';

export interface CommandModule<B extends { kind: string }, G = void, S extends DisputeState = OpenDispute> {
  kind: B['kind'];
  applies: Applies;
  /** For a command on closed disputes: what someone pressing it on an open one is told. */
  untilClosed?: string;
  /** Who may give it, checked once, before anything else about the command is. */
  rule(state: S, command: B & Given, ctx: Context): Permit<G>;
  /** What it does: events and effects, or a refusal about its content or the dispute's state. */
  decide(state: S, command: B & Given, ctx: Context, granted: G): Decision;
  /** How the events it records change the dispute (the clock's own are folded in domain/evolve.ts). */
  folds: Folds;
  /**
   * Whether giving it now may enter a level or bring in the next tier, and so needs to know who
   * is away (read before the command is decided). Absent: it never does.
   */
  bringsPeopleIn?(state: S, command: B, now: Date): boolean;
  /** The card button that gives it; none for the clock's command and for raising (its own form). */
  card?: CardContract<B>;
  /** The words of the notices it posts. */
  notices?: NoticeWords;
  /** The words of the record's entries for its events. */
  entries: EntryWords;
  /** Its part of the dispute's history on the card and in the written account, from what the dispute holds. */
  history?(d: Dispute): NarrativeEntry[];
}

/** A command module, typed by its own fields; the registry holds them side by side. */
export function command<B extends { kind: string }, G = void, S extends DisputeState = OpenDispute>(m: CommandModule<B, G, S>): CommandModule<B, G, S> {
  return m;
}

/** A card contract, typed by its schema. */
export function card<B, S extends z.ZodType>(c: CardContract<B, S>): CardContract<B> {
  return c as unknown as CardContract<B>;
}
