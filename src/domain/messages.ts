import type {
  ActionReminder,
  Attention,
  StandIn,
  Account,
  AgreedAction,
  Child,
  Concern,
  HoldBasis,
  ConversationRecord,
  Instant,
  PendingDeadline,
  PersonKey,
  PersonRef,
  Proposal,
  Side,
  SideName,
  StageVisit,
  Theme,
} from './dispute';
import type { Protocol, StageNumber } from './protocol';

/* ---------- What raising a dispute carries (the commands themselves are in src/commands) ---------- */

export interface RaiseInput {
  id: string;
  reference: string;
  /** The protocol resolved for the chosen route (see Protocol): the dispute keeps it. */
  protocol: Protocol;
  route: string;
  sides: Record<SideName, Side>;
  bodies: Record<string, PersonRef[]>;
  /** The partnership's designated safeguarding lead, told when a manager cannot be found or is named. */
  designatedLead?: PersonRef;
  child: Child;
  concern: Concern;
  immediateRisk: boolean;
}

/** A manager as the partnership directory knows them: their agency and the rungs of the chain they hold. */
export interface NamedManager extends PersonRef {
  agency: string;
  rungs: string[];
}

/* ---------- Events: what happened, folded by evolve ---------- */

type At = { at: Instant };
type By = { by: PersonRef };

export type DisputeEvent =
  | ({ type: 'raised'; firstDeadline: PendingDeadline; writtenAccountDue?: Instant; designatedLead?: PersonRef } & At & By & Omit<RaiseInput, 'immediateRisk' | 'designatedLead'>)
  | ({ type: 'account-recorded'; side: SideName; account: Account } & At & By)
  | ({ type: 'conversation-recorded'; record: ConversationRecord } & At)
  | ({ type: 'escalation-requested'; side: SideName; reason: string } & At & By)
  | ({ type: 'escalation-declined'; reason: string; deadline?: PendingDeadline } & At & By)
  /** `enteredAt`: when the stage began (the previous stage's due moment when its timescale ran out). */
  | ({ type: 'stage-entered'; stage: StageNumber; how: StageVisit['how']; deadline: PendingDeadline; by?: PersonRef; reason?: string; enteredAt?: Instant; skipped?: StageNumber[]; attention?: Attention } & At)
  /** `settled`: everyone the level needs has now acknowledged; the bot stops checking. */
  | ({ type: 'acknowledged'; stage: StageNumber; settled: boolean } & At & By)
  /** Those who had not acknowledged were reminded; `told`: the people who referred it, for the partnership's body. */
  | ({ type: 'acknowledgement-reminded'; stage: StageNumber; to: PersonRef[]; told?: PersonRef[] } & At)
  | ({ type: 'stood-in' } & Omit<StandIn, 'at'> & At)
  /** Nobody further up could be brought in for a side: recorded, and the bot stops checking. */
  | ({ type: 'next-tier-exhausted'; stage: StageNumber; side: SideName; told?: PersonRef[] } & At)
  /** The level ran out; the next is entered only once someone approves or asks. */
  | ({ type: 'approval-awaited'; deadline: PendingDeadline } & At)
  | ({ type: 'decision-reminder-scheduled'; deadline: PendingDeadline } & At)
  | ({ type: 'reminder-sent'; reminder: Instant } & At)
  | ({ type: 'manager-disagreed'; side: SideName; view: string } & At & By)
  /** `minutes`: how long it is (absent in meetings convened before a length was asked: an hour). */
  | ({ type: 'meeting-convened'; meetingAt: Instant; location: string; attendees: PersonRef[]; minutes?: number; online?: boolean } & At & By)
  /** A convened meeting moved to another time (`meetingAt`: when it was to be). */
  | ({ type: 'meeting-moved'; meetingAt: Instant; to: Instant; minutes: number } & At & By)
  | ({ type: 'meeting-cancelled'; meetingAt: Instant; reason: string } & At & By)
  /** The clock asks the convener to record a meeting (after it began), and chases them `chaseAt` if they have not. */
  | ({ type: 'meeting-record-asked'; meetingAt: Instant; chaseAt: Instant } & At)
  | ({ type: 'meeting-record-chased'; meetingAt: Instant } & At)
  | ({ type: 'meeting-recorded'; meetingAt: Instant; attended: PersonRef[]; resolved: boolean; agreed: string; actions: AgreedAction[] } & At & By)
  | ({ type: 'outcome-proposed'; proposal: Proposal } & At)
  | ({ type: 'outcome-confirmed'; confirmerId: PersonKey } & At & By)
  | ({ type: 'outcome-changes-requested'; reason: string } & At & By)
  | ({ type: 'immediate-risk-declared'; deadline: PendingDeadline } & At & By)
  | ({ type: 'immediate-risk-stood-down'; reason: string; deadline: PendingDeadline } & At & By)
  | ({ type: 'protective-deadline-set'; deadline: PendingDeadline } & At & By)
  | ({ type: 'conference-request-decided'; agreed: boolean; reasons: string } & At & By)
  | ({ type: 'manager-named'; side: SideName; rung: string; manager: PersonRef } & At & By)
  | ({ type: 'referred-outside'; to: string; reason: string } & At & By)
  | ({ type: 'themes-recorded'; themes: Theme[] } & At & By)
  | ({ type: 'learning-recorded'; helped: string[]; hindered: string[]; unclear: string[]; notes: string } & At & By)
  | ({ type: 'challenge-recognised'; side: SideName; note: string } & At & By)
  | ({ type: 'legal-hold-placed'; basis: HoldBasis } & At & By)
  | ({ type: 'legal-hold-lifted'; basis: HoldBasis } & At & By)
  | ({ type: 'agreed'; actionReminders: ActionReminder[] } & At)
  | ({ type: 'action-reminded'; due: Instant } & At)
  | ({ type: 'withdrawn'; reason: string } & At & By)
  | ({ type: 'decision-recorded'; stage: StageNumber; decision: string; actions: AgreedAction[]; actionReminders: ActionReminder[] } & At & By);

/* ---------- Effects: what the edges must do, saved with the events (an outbox) ---------- */

/**
 * What a notice says is chosen by the edge from its kind. Notices never carry free text
 * typed by a person: anything a person writes may name the child, and a thread message is
 * seen by the whole channel. Details live only in the user-specific card views.
 */
export type Notice =
  | { kind: 'dispute-raised' }
  | { kind: 'stage-entered'; stage: StageNumber; approvedBy?: string; withReason?: boolean; skipped?: StageNumber[] }
  | { kind: 'account-recorded'; side: SideName }
  | { kind: 'conversation-recorded' }
  | { kind: 'escalation-requested'; side: SideName }
  | { kind: 'escalation-declined'; by: string }
  /** `stage`: the level that needs someone's approval (or a professional's request) to enter. */
  | { kind: 'approval-needed'; stage: StageNumber; reminder: boolean }
  | { kind: 'decision-overdue'; stage: StageNumber }
  | { kind: 'deadline-reminder'; stage: StageNumber; due: Instant; which: 'half-way' | 'two-hours-left' }
  | { kind: 'manager-disagrees'; side: SideName }
  /** `attendees`: their names (absent in messages worded before they were given). */
  | { kind: 'meeting-convened'; meetingAt: Instant; attendees?: string[] }
  | { kind: 'meeting-invited'; meetingAt: Instant }
  | { kind: 'meeting-moved'; meetingAt: Instant; from: Instant }
  /** `reason`: said in the attendees' own chats only, never in the thread. */
  | { kind: 'meeting-cancelled'; meetingAt: Instant; reason?: string }
  | { kind: 'meeting-record-due'; meetingAt: Instant }
  | { kind: 'meeting-record-overdue'; meetingAt: Instant }
  | { kind: 'meeting-recorded'; meetingAt: Instant; resolved: boolean }
  | { kind: 'meeting-missed'; meetingAt: Instant }
  | { kind: 'outcome-proposed' }
  | { kind: 'outcome-changes-requested' }
  | { kind: 'immediate-risk-stood-down'; by: string }
  | { kind: 'protective-deadline'; due: Instant }
  | { kind: 'conference-request-decided'; agreed: boolean }
  | { kind: 'action-due'; owner?: string }
  | { kind: 'manager-needed'; side: SideName; rung: string }
  | { kind: 'manager-missing'; side: SideName; rung: string }
  | { kind: 'manager-named'; side: SideName; rung: string; manager: string }
  | { kind: 'referred-outside'; to: string }
  | { kind: 'acknowledge-reminder'; stage: StageNumber }
  | { kind: 'next-tier-exhausted'; stage: StageNumber; side: SideName }
  | { kind: 'receipt-unconfirmed'; stage: StageNumber }
  | { kind: 'stood-in'; stage: StageNumber; person: string; for: string; why: 'away' | 'silent' }
  | { kind: 'closed'; how: 'agreed' | 'withdrawn' | 'decided'; stage?: StageNumber }
  | { kind: 'challenge-recognised'; by: string };

export type Effect =
  | { type: 'open-thread'; mention: PersonRef[] }
  | { type: 'refresh-thread-card' }
  | { type: 'post-to-thread'; notice: Notice; mention: PersonRef[] }
  | { type: 'notify-person'; to: PersonRef; notice: Notice }
  | { type: 'show-emergency-route'; mention: PersonRef[]; declaredBy: string }
  | { type: 'send-written-account'; mention: PersonRef[]; stage: StageNumber }
  /** Make the partnership's calendar match a convened meeting as it now stands (where meetings are Teams meetings). */
  | { type: 'sync-calendar'; convenedAt: Instant };

export type Refusal = { code: RefusalCode; message: string };
export type RefusalCode = 'not-allowed' | 'wrong-state' | 'invalid' | 'not-due' | 'stale';

export type Decision = { ok: true; events: DisputeEvent[]; effects: Effect[] } | { ok: false; refusal: Refusal };
