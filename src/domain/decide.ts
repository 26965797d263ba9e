import { DisputeState, isOpen, OpenDispute } from './dispute';
import type { Command, CommandBody, Decision } from './messages';
import { mayDo, WHO } from './permissions';
import type { Context, DecideContext, Handler } from './decider/context';
import { refuse } from './decider/context';
import { decideRaise } from './decider/raise';
import { acknowledge } from './decider/attention';
import { liftLegalHold, placeLegalHold } from './decider/hold';
import { approveEscalation, deadlineReached, declineEscalation, requestEscalation } from './decider/stages';
import { conveneMeeting, managerDisagrees, recordAccount, recordConversation, recordThemes, referOutside } from './decider/records';
import { actionDue, confirmOutcome, proposeOutcome, recordDecision, requestChanges, withdraw } from './decider/outcome';
import { decideConferenceRequest, declareImmediateRisk, nameManager, setProtectiveDeadline, standDownImmediateRisk } from './decider/safety';

export type { DecideContext } from './decider/context';

type OpenKind = Exclude<CommandBody['kind'], 'raise' | 'record-themes' | 'place-legal-hold' | 'lift-legal-hold'>;

/** One handler per command on an open dispute, grouped by concern in ./decider. */
const handlers: { [K in OpenKind]: Handler<K> } = {
  // Stages and the clock
  'request-escalation': requestEscalation,
  'approve-escalation': approveEscalation,
  'decline-escalation': declineEscalation,
  'deadline-reached': deadlineReached,
  // Records
  'record-account': recordAccount,
  'record-conversation': recordConversation,
  'manager-disagrees': managerDisagrees,
  'convene-meeting': conveneMeeting,
  'refer-outside': referOutside,
  // Outcome
  'propose-outcome': proposeOutcome,
  'confirm-outcome': confirmOutcome,
  'request-changes': requestChanges,
  'record-decision': recordDecision,
  withdraw,
  // Safety
  'declare-immediate-risk': declareImmediateRisk,
  'stand-down-immediate-risk': standDownImmediateRisk,
  'set-protective-deadline': setProtectiveDeadline,
  'decide-conference-request': decideConferenceRequest,
  'name-manager': nameManager,
  // Acknowledgements
  acknowledge,
};

/** Escalation is checked against the level the card showed first: a repeated press finds it done. */
const CHECKED_BY_HANDLER = new Set<CommandBody['kind']>(['approve-escalation', 'decline-escalation', 'request-escalation', 'deadline-reached']);

/**
 * Decide what a command does to a dispute: events to record and effects for the edges, or
 * a refusal a person can read. Pure: time and the calendar come in; the protocol is the one
 * the dispute carries; nothing is read from anywhere else.
 */
export function decide(state: DisputeState, command: Command, outer: DecideContext): Decision {
  if (command.kind === 'raise') return decideRaise(state, command, outer);
  if (state === null) return refuse('wrong-state', 'There is no such dispute.');
  const ctx: Context = { ...outer, protocol: state.protocol };
  if (command.actor.role.kind === 'outsider') return refuse('not-allowed', `You are not a party to ${state.reference}, nor one of their managers.`);
  if (command.kind === 'record-themes') return recordThemes(state, command, ctx);
  // A hold applies to open and closed disputes alike.
  if (command.kind === 'place-legal-hold') return placeLegalHold(state, command, ctx);
  if (command.kind === 'lift-legal-hold') return liftLegalHold(state, command, ctx);
  if (command.kind === 'deadline-reached' && state.status === 'closed') return actionDue(state, command, ctx);
  if (!isOpen(state)) return refuse('wrong-state', `Dispute ${state.reference} is closed; nothing more can be changed.`);
  if (!CHECKED_BY_HANDLER.has(command.kind)) {
    const notAllowed = mayDo(command.kind as keyof typeof WHO, state, command.actor);
    if (notAllowed) return { ok: false, refusal: notAllowed };
  }
  const handler = handlers[command.kind] as Handler<typeof command.kind>;
  return handler(state as OpenDispute, command as never, ctx);
}
