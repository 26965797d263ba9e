import { decide, DecideContext } from '../domain/decide';
import type { Actor, Dispute } from '../domain/dispute';
import type { CommandBody } from '../domain/messages';

/** Sample input for each command: only to ask the rules whether this person may act now. */
function probes(dispute: Dispute, actor: Actor, now: Date): Record<string, CommandBody | CommandBody[]> {
  const ownAgency = actor.role.kind === 'party' ? dispute.sides[actor.role.side].agency : '';
  const probeManager = { id: '\u0000probe', name: 'probe', agency: ownAgency, levels: ['first-line', 'senior'] as ('first-line' | 'senior')[] };
  const soon = new Date(now.getTime() + 60_000).toISOString();
  return {
    recordAccount: { kind: 'record-account', account: { position: 'p', indicators: [], impact: 'i', evidence: 'e' } },
    recordConversation: { kind: 'record-conversation', record: { id: '\u0000probe', heldAt: now.toISOString(), participants: 'p', discussed: 'd', agreed: '' } },
    requestEscalation: { kind: 'request-escalation', reason: 'r' },
    approveEscalation: { kind: 'approve-escalation', reason: '', fromStage: dispute.stage },
    declineEscalation: { kind: 'decline-escalation', reason: 'r', fromStage: dispute.stage },
    managerDisagrees: { kind: 'manager-disagrees', view: 'v' },
    conveneMeeting: { kind: 'convene-meeting', at: soon, location: 'l', attendees: [dispute.sides.raiser.professional] },
    proposeOutcome: { kind: 'propose-outcome', outcome: 'o', outstandingIssues: '', actions: [], howPursued: '' },
    confirmOutcome: { kind: 'confirm-outcome' },
    recordBoardDecision: { kind: 'record-board-decision', decision: 'd', actions: [] },
    withdraw: { kind: 'withdraw', reason: 'r' },
    declareImmediateRisk: { kind: 'declare-immediate-risk' },
    standDownImmediateRisk: { kind: 'stand-down-immediate-risk', reason: 'r' },
    setProtectiveDeadline: { kind: 'set-protective-deadline', due: soon },
    decideConferenceRequest: { kind: 'decide-conference-request', agreed: true, reasons: '' },
    recordThemes: { kind: 'record-themes', themes: ['other'] },
    // A manager in the party's own agency at either level: the button shows where naming one could be accepted.
    nameManager: [{ kind: 'name-manager', level: 'first-line', manager: probeManager }, { kind: 'name-manager', level: 'senior', manager: probeManager }],
  };
}

/**
 * Which buttons a person sees: exactly the commands the rules would accept from them now.
 * The card and the decider can never disagree, because the card asks the decider.
 */
export function allowedActions(dispute: Dispute, actor: Actor, now: Date, ctx: DecideContext): Record<string, boolean> {
  const allowed: Record<string, boolean> = {};
  for (const [name, bodies] of Object.entries(probes(dispute, actor, now))) {
    allowed[name] = [bodies].flat().some((body) => {
      const decision = decide(dispute, { ...body, actor, now } as never, ctx);
      return decision.ok ? decision.events.length > 0 : decision.refusal.code === 'invalid';
    });
  }
  return allowed;
}
