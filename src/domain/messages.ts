import type { StageNumber } from './protocol';
import type {
  ActionReminder,
  Account,
  Actor,
  AgreedAction,
  Child,
  Concern,
  ConversationRecord,
  Instant,
  PendingDeadline,
  PersonRef,
  Proposal,
  Side,
  SideName,
  StageVisit,
  Theme,
} from './dispute';
import type { ProtocolSnapshot, RouteId } from './protocol';

/* ---------- Commands: what someone (or the clock) asks for ---------- */

export interface RaiseInput {
  id: string;
  reference: string;
  protocol: ProtocolSnapshot;
  route: RouteId;
  sides: Record<SideName, Side>;
  secretariat: PersonRef[];
  /** The partnership's designated safeguarding lead, told when a manager cannot be found or is named. */
  designatedLead?: PersonRef;
  child: Child;
  concern: Concern;
  immediateRisk: boolean;
}

export type ManagerLevel = 'first-line' | 'senior';

/** A manager as the partnership directory knows them: their agency and the levels they hold. */
export interface NamedManager extends PersonRef {
  agency: string;
  levels: ManagerLevel[];
}

export type CommandBody =
  | ({ kind: 'raise' } & RaiseInput)
  | { kind: 'record-account'; account: Account }
  | { kind: 'record-conversation'; record: Omit<ConversationRecord, 'by' | 'recordedAt'> }
  | { kind: 'request-escalation'; reason: string }
  /** `fromStage`: the stage the card showed when pressed, so a repeat or a concurrent press never moves twice. */
  | { kind: 'approve-escalation'; reason?: string; protectiveDeadline?: Instant; fromStage: StageNumber }
  | { kind: 'decline-escalation'; reason: string; fromStage: StageNumber }
  | { kind: 'manager-disagrees'; view: string }
  | { kind: 'convene-meeting'; at: Instant; location: string; attendees: PersonRef[] }
  | { kind: 'propose-outcome'; outcome: string; outstandingIssues: string; actions: AgreedAction[]; howPursued: string }
  | { kind: 'confirm-outcome' }
  | { kind: 'request-changes'; reason: string }
  | { kind: 'deadline-reached'; due: Instant }
  | { kind: 'record-board-decision'; decision: string; actions: AgreedAction[] }
  | { kind: 'withdraw'; reason: string }
  | { kind: 'declare-immediate-risk' }
  | { kind: 'stand-down-immediate-risk'; reason: string }
  | { kind: 'set-protective-deadline'; due: Instant }
  | { kind: 'decide-conference-request'; agreed: boolean; reasons: string }
  | { kind: 'name-manager'; level: ManagerLevel; manager: NamedManager }
  | { kind: 'record-themes'; themes: Theme[] };

export type Command = CommandBody & { actor: Actor; now: Date };
export type CommandKind = CommandBody['kind'];

/* ---------- Events: what happened, folded by evolve ---------- */

type At = { at: Instant };
type By = { by: PersonRef };

export type DisputeEvent =
  | ({ type: 'raised'; firstDeadline: PendingDeadline; writtenAccountDue: Instant; designatedLead?: PersonRef } & At & By & Omit<RaiseInput, 'immediateRisk' | 'designatedLead'>)
  | ({ type: 'account-recorded'; side: SideName; account: Account } & At & By)
  | ({ type: 'conversation-recorded'; record: ConversationRecord } & At)
  | ({ type: 'escalation-requested'; side: SideName; reason: string } & At & By)
  | ({ type: 'escalation-declined'; reason: string; deadline?: PendingDeadline } & At & By)
  /** `enteredAt`: when the stage began (the previous stage's due moment when its timescale ran out). */
  | ({ type: 'stage-entered'; stage: StageNumber; how: StageVisit['how']; deadline: PendingDeadline; by?: PersonRef; reason?: string; enteredAt?: Instant } & At)
  | ({ type: 'referral-approval-awaited'; deadline: PendingDeadline } & At)
  | ({ type: 'decision-reminder-scheduled'; deadline: PendingDeadline } & At)
  | ({ type: 'reminder-sent'; reminder: Instant } & At)
  | ({ type: 'manager-disagreed'; side: SideName; view: string } & At & By)
  | ({ type: 'meeting-convened'; meetingAt: Instant; location: string; attendees: PersonRef[] } & At & By)
  | ({ type: 'outcome-proposed'; proposal: Proposal } & At)
  | ({ type: 'outcome-confirmed'; confirmerId: string } & At & By)
  | ({ type: 'outcome-changes-requested'; reason: string } & At & By)
  | ({ type: 'immediate-risk-declared'; deadline: PendingDeadline } & At & By)
  | ({ type: 'immediate-risk-stood-down'; reason: string; deadline: PendingDeadline } & At & By)
  | ({ type: 'protective-deadline-set'; deadline: PendingDeadline } & At & By)
  | ({ type: 'conference-request-decided'; agreed: boolean; reasons: string } & At & By)
  | ({ type: 'manager-named'; side: SideName; level: ManagerLevel; manager: PersonRef } & At & By)
  | ({ type: 'themes-recorded'; themes: Theme[] } & At & By)
  | ({ type: 'agreed'; actionReminders: ActionReminder[] } & At)
  | ({ type: 'action-reminded'; due: Instant } & At)
  | ({ type: 'withdrawn'; reason: string } & At & By)
  | ({ type: 'board-decided'; decision: string; actions: AgreedAction[]; actionReminders: ActionReminder[] } & At & By);

/* ---------- Effects: what the edges must do, saved with the events (an outbox) ---------- */

/**
 * What a notice says is chosen by the edge from its kind. Notices never carry free text
 * typed by a person: anything a person writes may name the child, and a thread message is
 * seen by the whole channel. Details live only in the user-specific card views.
 */
export type Notice =
  | { kind: 'dispute-raised' }
  | { kind: 'stage-entered'; stage: StageNumber; approvedBy?: string; withReason?: boolean }
  | { kind: 'account-recorded'; side: SideName }
  | { kind: 'conversation-recorded' }
  | { kind: 'escalation-requested'; side: SideName }
  | { kind: 'escalation-declined'; by: string }
  | { kind: 'referral-approval-needed'; reminder: boolean }
  | { kind: 'board-decision-overdue' }
  | { kind: 'deadline-reminder'; stage: StageNumber; due: Instant }
  | { kind: 'manager-disagrees'; side: SideName }
  | { kind: 'meeting-convened'; meetingAt: Instant }
  | { kind: 'outcome-proposed' }
  | { kind: 'outcome-changes-requested' }
  | { kind: 'immediate-risk-stood-down'; by: string }
  | { kind: 'protective-deadline'; due: Instant }
  | { kind: 'conference-request-decided'; agreed: boolean }
  | { kind: 'action-due'; owner?: string }
  | { kind: 'manager-needed'; side: SideName }
  | { kind: 'manager-missing'; side: SideName }
  | { kind: 'manager-named'; side: SideName; level: ManagerLevel; manager: string }
  | { kind: 'closed'; how: 'agreed' | 'withdrawn' | 'decided' };

export type Effect =
  | { type: 'open-thread'; mention: PersonRef[] }
  | { type: 'refresh-thread-card' }
  | { type: 'post-to-thread'; notice: Notice; mention: PersonRef[] }
  | { type: 'notify-person'; to: PersonRef; notice: Notice }
  | { type: 'show-emergency-route'; mention: PersonRef[]; declaredBy: string }
  | { type: 'send-written-account'; mention: PersonRef[] };

export type Refusal = { code: RefusalCode; message: string };
export type RefusalCode = 'not-allowed' | 'wrong-state' | 'invalid' | 'not-due' | 'stale';

export type Decision = { ok: true; events: DisputeEvent[]; effects: Effect[] } | { ok: false; refusal: Refusal };
