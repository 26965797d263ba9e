import type { DecideContext } from '../domain/decider/context';
import { nothingToDo, refuse } from '../domain/decider/context';
import type { Dispute, DisputeState } from '../domain/dispute';
import { isOpen } from '../domain/dispute';
import type { Decision, DisputeEvent } from '../domain/messages';
import { clockFold, recordsIn, withVisitDue } from '../domain/evolve';
import type { CardContract, CommandModule, Given } from './command';
import acknowledge, { Acknowledge } from './acknowledge';
import approveEscalation, { ApproveEscalation } from './approve-escalation';
import confirmOutcome, { ConfirmOutcome } from './confirm-outcome';
import conveneMeeting, { ConveneMeeting } from './convene-meeting';
import moveMeeting, { MoveMeeting } from './move-meeting';
import cancelMeeting, { CancelMeeting } from './cancel-meeting';
import deadlineReached, { DeadlineReached } from './deadline-reached';
import declareImmediateRisk, { DeclareImmediateRisk } from './declare-immediate-risk';
import decideConferenceRequest, { DecideConferenceRequest } from './decide-conference-request';
import declineEscalation, { DeclineEscalation } from './decline-escalation';
import liftLegalHold, { LiftLegalHold } from './lift-legal-hold';
import managerDisagrees, { ManagerDisagrees } from './manager-disagrees';
import nameManager, { NameManager } from './name-manager';
import placeLegalHold, { PlaceLegalHold } from './place-legal-hold';
import proposeOutcome, { ProposeOutcome } from './propose-outcome';
import raise, { Raise } from './raise';
import recordAccount, { RecordAccount } from './record-account';
import recordConversation, { RecordConversation } from './record-conversation';
import recordDecision, { RecordDecision } from './record-decision';
import recordThemes, { RecordThemes } from './record-themes';
import recordLearning, { RecordLearning } from './record-learning';
import recordMeeting, { RecordMeeting } from './record-meeting';
import recogniseChallenge, { RecogniseChallenge } from './recognise-challenge';
import referOutside, { ReferOutside } from './refer-outside';
import requestChanges, { RequestChanges } from './request-changes';
import requestEscalation, { RequestEscalation } from './request-escalation';
import setProtectiveDeadline, { SetProtectiveDeadline } from './set-protective-deadline';
import standDownImmediateRisk, { StandDownImmediateRisk } from './stand-down-immediate-risk';
import withdraw, { Withdraw } from './withdraw';

/** Everything that can be asked of a dispute. */
export type CommandBody =
  | Raise | RecordAccount | RecordConversation | RequestEscalation | ApproveEscalation | DeclineEscalation | ManagerDisagrees
  | ConveneMeeting | ProposeOutcome | ConfirmOutcome | RequestChanges | DeadlineReached | RecordDecision | ReferOutside | Withdraw
  | DeclareImmediateRisk | StandDownImmediateRisk | SetProtectiveDeadline | DecideConferenceRequest | NameManager | RecordThemes
  | Acknowledge | PlaceLegalHold | LiftLegalHold | RecordLearning | RecogniseChallenge | RecordMeeting | MoveMeeting | CancelMeeting;
export type Command = CommandBody & Given;
export type CommandKind = CommandBody['kind'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModule = CommandModule<any, any, any>;

/**
 * Every command, in the order their buttons appear on a person's view of the card. A new
 * command is a file in this folder, its card fragment and its test, and its line here.
 */
export const MODULES: readonly AnyModule[] = [
  acknowledge,
  recordAccount,
  recordConversation,
  approveEscalation,
  declineEscalation,
  requestEscalation,
  managerDisagrees,
  conveneMeeting,
  moveMeeting,
  cancelMeeting,
  recordMeeting,
  proposeOutcome,
  confirmOutcome,
  requestChanges,
  recordDecision,
  referOutside,
  decideConferenceRequest,
  setProtectiveDeadline,
  recordThemes,
  recordLearning,
  recogniseChallenge,
  nameManager,
  placeLegalHold,
  liftLegalHold,
  withdraw,
  declareImmediateRisk,
  standDownImmediateRisk,
  raise,
  deadlineReached,
];

const byKind = new Map<string, AnyModule>(MODULES.map((m) => [m.kind, m]));

/** The module of a command. */
export const moduleOf = (kind: string): AnyModule | undefined => byKind.get(kind);

/** A command given from a card, with its button's contract. */
export type CardModule = AnyModule & { card: CardContract<CommandBody> };
export const CARD_MODULES: readonly CardModule[] = MODULES.filter((m): m is CardModule => Boolean(m.card));
export type CardCommandKind = Exclude<CommandKind, 'raise' | 'deadline-reached'>;

/** "approve-escalation" → "approveEscalation": the view key that shows the button. */
export const viewKeyOf = (kind: string): string => kind.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** The card verb of a command: "dispute.approveEscalation". */
export const verbOf = (kind: string): string => `dispute.${viewKeyOf(kind)}`;

/**
 * Decide what a command does to a dispute: events to record and effects for the edges, or a
 * refusal a person can read. Pure: time and the calendar come in; the protocol is the one the
 * dispute carries. Who may give the command is asked once, of its rule, before anything else;
 * the handler is given what the rule established.
 */
export function decide(state: DisputeState, command: Command, outer: DecideContext): Decision {
  const m = byKind.get(command.kind);
  if (!m) return refuse('invalid', 'This is not something that can be asked of a dispute.');
  if (m.applies === 'new') return run(m, state, command, { ...outer, protocol: (command as Raise).protocol });
  if (state === null) return refuse('wrong-state', 'There is no such dispute.');
  if (command.actor.role.kind === 'outsider') return refuse('not-allowed', `You are not a party to ${state.reference}, nor one of their managers.`);
  if (m.applies === 'open' && !isOpen(state)) return refuse('wrong-state', `Dispute ${state.reference} is closed; nothing more can be changed.`);
  if (m.applies === 'closed' && isOpen(state)) return refuse('wrong-state', m.untilClosed ?? `Dispute ${state.reference} is still open.`);
  return run(m, state, command, { ...outer, protocol: state.protocol });
}

function run(m: AnyModule, state: DisputeState, command: Command, ctx: Parameters<AnyModule['rule']>[2]): Decision {
  const permit = m.rule(state, command, ctx);
  if ('refusal' in permit) return { ok: false, refusal: permit.refusal };
  if ('repeat' in permit) return nothingToDo();
  return m.decide(state, command, ctx, permit.granted);
}

type Fold = (state: DisputeState, event: DisputeEvent) => Dispute;

/** Each event folded by the one command that records it; the clock's own by domain/evolve.ts. */
const FOLDS = new Map<string, Fold>();
for (const m of MODULES) {
  for (const [type, fold] of Object.entries(m.folds)) {
    if (FOLDS.has(type)) throw new Error(`Two commands fold the event ${type}`);
    FOLDS.set(type, fold as Fold);
  }
}

/** Fold one event into the dispute. Pure and total over the events decide emits. */
export function evolve(state: DisputeState, event: DisputeEvent): Dispute {
  return withVisitDue((FOLDS.get(event.type) ?? clockFold)(state, event));
}

/** Rebuild a dispute from its history. */
export function replay(events: readonly DisputeEvent[]): DisputeState {
  return events.reduce<DisputeState>((state, event) => evolve(state, event), null);
}

/** The dispute as its whole history tells it: the state, with every conversation record. */
export function wholeDispute(events: readonly DisputeEvent[]): Dispute {
  const state = replay(events);
  if (!state) throw new Error('An empty history has no dispute');
  return { ...state, records: recordsIn(events) };
}
