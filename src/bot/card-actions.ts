import { createHash } from 'node:crypto';
import { PersonKey } from '../domain/person';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { FIELD_LIMITS, LimitedField, overLimit } from '../cards/field-limits';
import type { Actor, AgreedAction, Dispute, PersonRef, Theme } from '../domain/dispute';
import { activeHold, THEMES } from '../domain/dispute';
import type { CommandBody, CommandKind, HoldBasis, NamedManager } from '../domain/messages';
import { HOLD_BASES } from '../domain/messages';
import { WHO } from '../domain/permissions';
import { reachableLevels, rungsUsed, StageNumber } from '../domain/protocol';

/**
 * The contract of every card button: what its Action.Execute data holds as the card template
 * expands it, merged with the card's inputs as the Teams client sends them. Templating keeps
 * a value's type when a field is a single expression (`"fromStage": "${stage}"` arrives as
 * the number 3), and inputs arrive as strings ("true"/"false" for toggles, comma-joined
 * choices for multi-selects). Anything else is refused with a message a person can act on.
 */

const MAX_TEXT = 3000;

/** Ids the bot itself puts on cards: uuids, directory and Teams ids. */
const DISPUTE_ID = /^[A-Za-z0-9:_-]{1,80}$/;
const disputeId = z.string({ error: 'This button does not name a dispute.' }).regex(DISPUTE_ID, { error: 'This button does not name a dispute.' });

/** The dispute a press names, when it names one in the form the bot writes, even if the rest of its data is wrong. */
export function disputeIdOf(data: unknown): string | undefined {
  const id = (data as { disputeId?: unknown } | undefined)?.disputeId;
  return typeof id === 'string' && DISPUTE_ID.test(id) ? id : undefined;
}

/** A level's position as the template expands it (a number), or as a choice input sends it (a string). */
const stage = z
  .union([z.number(), z.string().regex(/^\s*\d+\s*$/).transform(Number)], { error: 'This card is out of date. Press Refresh and try again.' })
  .pipe(z.number().int().min(1).max(50, { error: 'This card is out of date. Press Refresh and try again.' }))
  .transform((n) => n as StageNumber);

/** Free text from an input: optional (Teams leaves empty inputs out), trimmed, with a length limit named by its label. */
const text = (label: string, max = MAX_TEXT) =>
  z
    .string({ error: `${label}: this must be text.` })
    .max(max, { error: `${label}: keep it under ${max} characters.` })
    .optional()
    .transform((v) => (v ?? '').trim());

/** A typed field with its limit from the one table the card also takes it from; over it, the refusal says by how much. */
const limited = (label: string, field: LimitedField) =>
  z
    .string({ error: `${label}: this must be text.` })
    .optional()
    .transform((v) => (v ?? '').trim())
    .refine((v) => v.length <= FIELD_LIMITS[field], { error: (issue) => overLimit(label, field, String(issue.input ?? '').trim().length) });

/** A multi-select's comma-joined values. */
const choices = (label: string) => text(label).transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

/** Every press names its dispute; the card's revision, when it carries one, tells a repeat from a new press. */
const base = { disputeId, rev: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]).optional() };

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

/** Nobody: the person a probe names, to ask whether naming anyone could be accepted. */
const PROBE_PERSON = { key: '\u0000probe' as PersonKey, name: 'probe', tenantId: '', aadObjectId: '' };

/** People the card may name: those in the dispute, and the partnership directory. */
export interface Known {
  /** Who pressed the button: their key (see person.ts). */
  actorId: string;
  inDispute: PersonRef[];
  /** A manager as the directory knows them, for "Name my manager". */
  manager(id: string): NamedManager | undefined;
}

export type Built = { body: CommandBody } | { error: string };

/** A command as a person gives it from a card: everything about it derives from its entry below. */
export type CardCommandKind = keyof typeof WHO & Exclude<CommandKind, 'raise' | 'deadline-reached'>;

interface CardAction<S extends z.ZodType> {
  schema: S;
  build(data: z.output<S>, known: Known): Built;
  /** What the person is told once it is done. */
  done: string;
  /**
   * Sample inputs the rules are asked about to decide whether this person sees the button now
   * (the card and the decider can never disagree, because the card asks the decider).
   */
  probe(dispute: Dispute, actor: Actor, now: Date): CommandBody | CommandBody[];
}

const action = <S extends z.ZodType>(a: CardAction<S>) => a as unknown as CardAction<z.ZodType>;

/** "approve-escalation" → "approveEscalation": the view key that shows the button. */
export const viewKeyOf = (kind: string): string => kind.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** The card verb of a command: "dispute.approveEscalation". */
export const verbOf = (kind: string): string => `dispute.${viewKeyOf(kind)}`;

const soon = (now: Date) => new Date(now.getTime() + 60_000).toISOString();

const object = <T extends z.ZodRawShape>(shape: T) => z.object({ ...base, ...shape });

/**
 * Each command a person gives from a card, declared once: the data its button sends, how that
 * becomes a command, what to tell the person once it is done, and the probe that decides whether
 * they see the button. Its verb (`verbOf`), its view key (`viewKeyOf`) and who may give it
 * (`WHO` in the domain's permissions) derive from its kind. Routes are registered from this table.
 */
export const COMMANDS: { [K in CardCommandKind]: CardAction<z.ZodType> } = {
  'record-account': action({
    schema: object({ accountPosition: limited('Your account', 'accountPosition'), accountIndicators: choices('Indicators of need'), accountImpact: limited('Impact on the child', 'accountImpact'), accountEvidence: limited('The evidence', 'accountEvidence') }),
    build: (d) => ({ body: { kind: 'record-account', account: { position: d.accountPosition, indicators: d.accountIndicators, impact: d.accountImpact, evidence: d.accountEvidence } } }),
    done: 'Your account is recorded. The other professional has been told.',
    probe: () => ({ kind: 'record-account', account: { position: 'p', indicators: [], impact: 'i', evidence: 'e' } }),
  }),
  'record-conversation': action({
    schema: object({
      recordDate: text('Date of the conversation', 10), recordTime: text('Time', 8), recordParticipants: limited('Who took part', 'recordParticipants'),
      recordDiscussed: limited('What was discussed', 'recordDiscussed'), recordAgreed: limited('What was agreed', 'recordAgreed'), recordCorrects: text('The record it corrects', 80),
    }),
    build: (d, known) => {
      const heldAt = ukMoment(d.recordDate, d.recordTime);
      if (!heldAt) return { error: 'Enter the date and time of the conversation.' };
      // The same record pressed twice gets the same id, and the decider keeps it once.
      const id = `rec-${createHash('sha256').update(JSON.stringify([known.actorId, heldAt, d.recordParticipants, d.recordDiscussed, d.recordAgreed, d.recordCorrects])).digest('hex').slice(0, 24)}`;
      const record = { id, heldAt, participants: d.recordParticipants, discussed: d.recordDiscussed, agreed: d.recordAgreed, ...(d.recordCorrects ? { corrects: d.recordCorrects } : {}) };
      return { body: { kind: 'record-conversation', record } };
    },
    done: 'The record is added.',
    probe: (_d, _a, now) => ({ kind: 'record-conversation', record: { id: '\u0000probe', heldAt: now.toISOString(), participants: 'p', discussed: 'd', agreed: '' } }),
  }),
  'request-escalation': action({
    schema: object({ requestReason: limited('Why this cannot wait', 'requestReason') }),
    build: (d) => ({ body: { kind: 'request-escalation', reason: d.requestReason } }),
    done: 'Your manager has been asked to decide.',
    probe: () => ({ kind: 'request-escalation', reason: 'r' }),
  }),
  'approve-escalation': action({
    schema: object({ fromStage: stage, toStage: stage.optional(), escalationReason: limited('Reason', 'escalationReason'), protectiveDate: text('A sooner date', 10) }),
    build: (d) => {
      const cap = d.protectiveDate ? ukMoment(d.protectiveDate, '17:00') : undefined;
      if (d.protectiveDate && !cap) return { error: 'Enter the sooner date as a date.' };
      return { body: { kind: 'approve-escalation', reason: d.escalationReason, fromStage: d.fromStage, ...(d.toStage && d.toStage !== d.fromStage + 1 ? { toStage: d.toStage } : {}), ...(cap ? { protectiveDeadline: cap } : {}) } };
    },
    done: 'Escalated. The people it brings in have been told, with your reason.',
    // The next level, or any beyond it this person may pass levels over to reach.
    probe: (d) => [{ kind: 'approve-escalation', reason: '', fromStage: d.stage }, ...reachableLevels(d.protocol, d.stage).slice(1).map((toStage): CommandBody => ({ kind: 'approve-escalation', reason: 'r', fromStage: d.stage, toStage }))],
  }),
  'decline-escalation': action({
    schema: object({ fromStage: stage, escalationReason: limited('Reason', 'escalationReason') }),
    build: (d) => ({ body: { kind: 'decline-escalation', reason: d.escalationReason, fromStage: d.fromStage } }),
    done: 'Declined; your reason is recorded and shown.',
    probe: (d) => ({ kind: 'decline-escalation', reason: 'r', fromStage: d.stage }),
  }),
  'manager-disagrees': action({
    schema: object({ managerView: limited('Your view', 'managerView') }),
    build: (d) => ({ body: { kind: 'manager-disagrees', view: d.managerView } }),
    done: 'Your view is recorded and shown to the other side.',
    probe: () => ({ kind: 'manager-disagrees', view: 'v' }),
  }),
  'convene-meeting': action({
    schema: object({ meetingDate: text('Date', 10), meetingTime: text('Time', 8), meetingLocation: limited('Where, or how to join', 'meetingLocation'), meetingAttendees: choices('Attendees') }),
    build: (d, known) => {
      const at = ukMoment(d.meetingDate, d.meetingTime);
      if (!at) return { error: 'Enter the date and time of the meeting.' };
      return { body: { kind: 'convene-meeting', at, location: d.meetingLocation, attendees: known.inDispute.filter((p) => d.meetingAttendees.includes(p.key)) } };
    },
    done: 'The meeting is convened and the attendees have been told.',
    probe: (d, _a, now) => ({ kind: 'convene-meeting', at: soon(now), location: 'l', attendees: [d.sides.raiser.professional, d.sides.respondent.professional] }),
  }),
  'propose-outcome': action({
    schema: object({ outcome: limited('Agreed outcome', 'outcome'), outstandingIssues: limited('Outstanding issues', 'outstandingIssues'), outcomeActions: limited('Actions', 'outcomeActions'), howPursued: limited('How outstanding issues will be pursued', 'howPursued') }),
    build: (d, known) => {
      const actions = parseActions(d.outcomeActions, known.inDispute);
      if ('error' in actions) return actions;
      return { body: { kind: 'propose-outcome', outcome: d.outcome, outstandingIssues: d.outstandingIssues, actions, howPursued: d.howPursued } };
    },
    done: 'Proposed. Everyone who must confirm has been asked.',
    probe: () => ({ kind: 'propose-outcome', outcome: 'o', outstandingIssues: '', actions: [], howPursued: '' }),
  }),
  'confirm-outcome': action({
    schema: object({}),
    build: () => ({ body: { kind: 'confirm-outcome' } }),
    done: 'Your confirmation is recorded.',
    probe: () => ({ kind: 'confirm-outcome' }),
  }),
  'request-changes': action({
    schema: object({ changesReason: limited('What should change', 'changesReason') }),
    build: (d) => ({ body: { kind: 'request-changes', reason: d.changesReason } }),
    done: 'Your request for changes is recorded; the proposal is open again.',
    probe: () => ({ kind: 'request-changes', reason: 'r' }),
  }),
  'record-decision': action({
    schema: object({ decision: limited('Decision', 'decision'), decisionActions: limited('Actions', 'decisionActions') }),
    build: (d, known) => {
      const actions = parseActions(d.decisionActions, known.inDispute);
      if ('error' in actions) return actions;
      return { body: { kind: 'record-decision', decision: d.decision, actions } };
    },
    done: 'The decision is recorded and the dispute is closed. Everyone has been told.',
    probe: () => ({ kind: 'record-decision', decision: 'd', actions: [] }),
  }),
  'withdraw': action({
    schema: object({ withdrawReason: limited('Reason for withdrawing', 'withdrawReason') }),
    build: (d) => ({ body: { kind: 'withdraw', reason: d.withdrawReason } }),
    done: 'The disagreement is withdrawn; your reason is recorded.',
    probe: () => ({ kind: 'withdraw', reason: 'r' }),
  }),
  'declare-immediate-risk': action({
    schema: object({ confirmImmediateRisk: z.union([z.literal(true), z.literal('true')], { error: 'Confirm that the child is at immediate risk of significant harm.' }) }),
    build: () => ({ body: { kind: 'declare-immediate-risk' } }),
    done: 'Recorded. If you have not already, call 999 now.',
    probe: () => ({ kind: 'declare-immediate-risk' }),
  }),
  'stand-down-immediate-risk': action({
    schema: object({ standDownReason: limited('How the risk has been dealt with', 'standDownReason') }),
    build: (d) => ({ body: { kind: 'stand-down-immediate-risk', reason: d.standDownReason } }),
    done: 'Recorded: the immediate risk has been dealt with, and the working-day timescale applies again from now.',
    probe: () => ({ kind: 'stand-down-immediate-risk', reason: 'r' }),
  }),
  'set-protective-deadline': action({
    schema: object({ protectiveDeadlineDate: text('Date', 10), protectiveDeadlineTime: text('Time', 8) }),
    build: (d) => {
      const due = ukMoment(d.protectiveDeadlineDate, d.protectiveDeadlineTime);
      return due ? { body: { kind: 'set-protective-deadline', due } } : { error: 'Enter the date and time.' };
    },
    done: 'The sooner date now applies.',
    probe: (_d, _a, now) => ({ kind: 'set-protective-deadline', due: soon(now) }),
  }),
  'record-themes': action({
    schema: object({ themes: choices('Themes').pipe(z.array(z.enum(THEMES as [string, ...string[]], { error: 'Pick the themes from the list.' }))) }),
    build: (d) => ({ body: { kind: 'record-themes', themes: d.themes as Theme[] } }),
    done: 'Thank you: the themes are recorded for the partnership\'s learning.',
    probe: () => ({ kind: 'record-themes', themes: ['other'] }),
  }),
  acknowledge: action({
    schema: object({ stage: z.union([z.number().int().min(1).max(20), z.string().regex(/^\d{1,2}$/).transform(Number)], { error: 'This card is out of date; open the dispute again.' }) }),
    build: (d) => ({ body: { kind: 'acknowledge', stage: d.stage as StageNumber } }),
    done: 'Thank you: the people involved can see that you have seen it.',
    probe: (d) => ({ kind: 'acknowledge', stage: d.stage }),
  }),
  'place-legal-hold': action({
    schema: object({ holdBasis: z.enum(Object.keys(HOLD_BASES) as [HoldBasis, ...HoldBasis[]], { error: 'Choose why the record must be kept.' }) }),
    build: (d) => ({ body: { kind: 'place-legal-hold', basis: d.holdBasis } }),
    done: 'The legal hold is placed: this dispute will not be deleted at the end of its retention period until the hold is lifted.',
    probe: (d) => (activeHold(d) ? [] : { kind: 'place-legal-hold', basis: 'inquiry' }),
  }),
  'lift-legal-hold': action({
    schema: object({}),
    build: () => ({ body: { kind: 'lift-legal-hold' } }),
    done: 'The legal hold is lifted: the dispute is deleted when its retention period ends, at once if it already has.',
    probe: (d) => (activeHold(d) ? { kind: 'lift-legal-hold' } : []),
  }),
  'name-manager': action({
    schema: object({ managerLevel: z.string({ error: 'Choose the management level.' }).regex(/^[a-z0-9-]{1,40}$/, { error: 'Choose the management level from the list.' }), managerId: text('Manager', 200) }),
    build: (d, known) => {
      const manager = known.manager(d.managerId);
      if (!manager) return { error: 'Choose your manager from the list; if they are not there, ask the partnership to add them to its directory.' };
      return { body: { kind: 'name-manager', rung: d.managerLevel, manager } };
    },
    done: 'Thank you: your manager is recorded and will be involved when the dispute reaches their level.',
    // A manager in the party's own agency at any rung: the button shows where naming one could be accepted.
    probe: (d, a) => {
      const agency = a.role.kind === 'party' ? d.sides[a.role.side].agency : '';
      const rungs = rungsUsed(d.protocol);
      return rungs.map((rung) => ({ kind: 'name-manager', rung, manager: { ...PROBE_PERSON, agency, rungs } }));
    },
  }),
  'decide-conference-request': action({
    schema: object({
      conferenceAgreed: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], { error: 'Choose agree or refuse.' }),
      conferenceReasons: limited('Reasons', 'conferenceReasons'),
    }),
    build: (d) => ({ body: { kind: 'decide-conference-request', agreed: d.conferenceAgreed, reasons: d.conferenceReasons } }),
    done: 'The decision on the request is recorded.',
    probe: () => ({ kind: 'decide-conference-request', agreed: true, reasons: '' }),
  }),
  'refer-outside': action({
    schema: object({ referReason: limited('Why', 'referReason') }),
    build: (d) => ({ body: { kind: 'refer-outside', reason: d.referReason } }),
    done: 'The referral is recorded and everyone involved has been told.',
    probe: () => ({ kind: 'refer-outside', reason: 'r' }),
  }),
};

/** The verbs that are not commands: showing a person their view, and the raise form. */
export const REFRESH_VERB = 'dispute.refresh';
export const RAISE_VERB = 'raise.submit';

/** The data of a "Show my view" / Refresh press. */
export const REFRESH = object({});

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
