import type { PersonKey, PersonRef } from './person';
import type { Protocol, SideName, StageNumber } from './protocol';

/** ISO-8601 timestamp with milliseconds (the form adaptive-expressions accepts). */
export type Instant = string;

export type { PersonKey, PersonRef, SideName };

export const SIDES: readonly SideName[] = ['raiser', 'respondent'];

/** Why a dispute's record must be kept past its retention period. */
export const HOLD_BASES = {
  'practice-review': 'a child safeguarding practice review',
  inquiry: 'an inquiry',
  'court-proceedings': 'court proceedings',
  investigation: 'a complaint or investigation',
} as const;
export type HoldBasis = keyof typeof HOLD_BASES;

/** One agency's side of the dispute and its management chain, resolved at raise. */
export interface Side {
  professional: PersonRef;
  agency: string;
  /** The agency's managers at each rung of the protocol's chain, by rung key. */
  managers: Record<string, PersonRef[]>;
}

/**
 * A person's part in a dispute: one of the two professionals, a manager in one agency's chain
 * (at a rung), or a member of a body the protocol names (the secretariat, Conference Chairs).
 */
export type Role =
  | { kind: 'party'; side: SideName }
  | { kind: 'manager'; side: SideName; rung: string }
  | { kind: 'member'; body: string }
  | { kind: 'system' }
  | { kind: 'outsider' };

export interface Actor extends PersonRef {
  role: Role;
}

/** Confidential: shown only to the parties, their managers and the secretariat. */
export interface Child {
  caseReference: string;
  initials: string;
}

/** A tier of the protocol's `thresholdTiers` ('' where the protocol lists none). */
export type ThresholdTier = string;

/** One of the protocol's `consentGrounds`, or 'not-applicable' for a contact or referral that is not a MASH one. */
export type ConsentBasis = string;

export interface Concern {
  about: string;
  indicators: string[];
  tier: ThresholdTier;
  impact: string;
  tried: string;
  consent: ConsentBasis;
}

/** What a dispute was about, picked at closure so the partnership can learn from its disputes. */
export type Theme = 'thresholds' | 'assessment-outcome' | 'plan-progress' | 'information-sharing' | 'service-provision' | 'roles-and-responsibilities' | 'other';
export const THEMES: readonly Theme[] = ['thresholds', 'assessment-outcome', 'plan-progress', 'information-sharing', 'service-provision', 'roles-and-responsibilities', 'other'];

export interface Account {
  position: string;
  indicators: string[];
  impact: string;
  evidence: string;
}

export interface ConversationRecord {
  id: string;
  by: PersonRef;
  recordedAt: Instant;
  heldAt: Instant;
  participants: string;
  discussed: string;
  agreed: string;
  /** A correction is a new record that points at the one it corrects. */
  corrects?: string;
}

export interface Meeting {
  at: Instant;
  /** How long it is, in minutes (an hour where it was convened before a length was asked). */
  minutes?: number;
  location: string;
  /** A Teams meeting in the partnership's calendar: moving or cancelling it updates the invitation. */
  online?: boolean;
  attendees: PersonRef[];
  convenedBy: PersonRef;
  /** When it was convened (a level that needs a meeting of all parties looks for one since it began). */
  convenedAt: Instant;
  /** The convener was asked to record it, and is chased then if they have not. */
  recordAsked?: { at: Instant; chaseAt: Instant };
  /** The convener was chased for the record. */
  recordChased?: Instant;
  /** What the meeting was: who came, whether it resolved the disagreement, what was agreed. */
  record?: MeetingRecord;
  /** The times it was moved from, earliest first. */
  movedFrom?: Instant[];
  cancelled?: { at: Instant; by: PersonRef; reason: string };
}

/** An hour, for meetings convened before their length was asked. */
export const MEETING_MINUTES = 60;

/** The meetings still to be held or held: none that was cancelled. */
export const standingMeetings = (d: { meetings: Meeting[] }): Meeting[] => d.meetings.filter((m) => !m.cancelled);

export interface MeetingRecord {
  attended: PersonRef[];
  resolved: boolean;
  agreed: string;
  actions: AgreedAction[];
  by: PersonRef;
  at: Instant;
}

export interface AgreedAction {
  description: string;
  owner: string;
  /** The owner, when they are someone in the dispute: reminded when the action falls due. */
  ownerRef?: PersonRef;
  /** ISO date (yyyy-mm-dd) where the card could read one, else as typed. */
  due: string;
}

/** A reminder owed to an agreed action's owner once the dispute has closed. */
export interface ActionReminder {
  due: Instant;
  action: number;
}

export interface Proposal {
  by: PersonRef;
  at: Instant;
  outcome: string;
  outstandingIssues: string;
  actions: AgreedAction[];
  howPursued: string;
  /** The keys of those who have confirmed (see person.ts). */
  confirmedBy: PersonKey[];
}

export interface PendingDeadline {
  /** "stage": the stage's timescale; "decision": a reminder while a decision is awaited. */
  kind: 'stage' | 'decision';
  stage: StageNumber;
  due: Instant;
  /** Reminders still to send before `due`, earliest first. */
  reminders?: Instant[];
}

export interface StageVisit {
  stage: StageNumber;
  enteredAt: Instant;
  how: 'raised' | 'timescale-ran-out' | 'approved';
  /** When the level was due: its timescale, or sooner where the child needed it (for the partnership's picture). */
  due?: Instant;
  by?: PersonRef;
  /** The reason the approver gave, shown to everyone involved. */
  reason?: string;
  /** Levels passed over on the way here (by severity), by position. */
  skipped?: StageNumber[];
}

/** A referral to a body outside the ladder (an IRO's to Cafcass); the dispute goes on. */
export interface OutsideReferralRecord {
  to: string;
  by: PersonRef;
  reason: string;
  at: Instant;
}

/** An immediate risk that a manager recorded as dealt with; the record keeps both. */
export interface StoodDownRisk {
  declaredAt: Instant;
  declaredBy: PersonRef;
  stoodDownAt: Instant;
  stoodDownBy: PersonRef;
  reason: string;
}

export type Closure =
  | { how: 'agreed'; at: Instant; proposal: Proposal }
  | { how: 'withdrawn'; at: Instant; by: PersonRef; reason: string }
  | { how: 'decided'; at: Instant; by: PersonRef; decision: string; actions: AgreedAction[]; stage: StageNumber };

interface DisputeBase {
  id: string;
  reference: string;
  /** The protocol resolved for the dispute's route when it was raised: it never changes. */
  protocol: Protocol;
  route: string;
  raisedAt: Instant;
  sides: Record<SideName, Side>;
  /** Members of the bodies the protocol names (the secretariat…), resolved at raise. */
  bodies: Record<string, PersonRef[]>;
  /** The partnership's designated safeguarding lead: told when a manager is missing or named. */
  designatedLead?: PersonRef;
  child: Child;
  concern: Concern;
  /** When the raiser's concerns in writing are due, where the protocol sets a time (absent: it sets none). */
  writtenAccountDue?: Instant;
  stage: StageNumber;
  stages: StageVisit[];
  accounts: Partial<Record<SideName, Account & { by: PersonRef; at: Instant }>>;
  /** The most recent conversation records (the history holds them all). */
  records: ConversationRecord[];
  /** How many earlier records the history holds beyond `records`. */
  earlierRecords?: number;
  managerViews: { by: PersonRef; side: SideName; view: string; at: Instant }[];
  meetings: Meeting[];
  escalationRequest?: { by: PersonRef; side: SideName; reason: string; at: Instant };
  declinedEscalations: { by: PersonRef; reason: string; at: Instant }[];
  proposal?: Proposal;
  immediateRisk?: { declaredAt: Instant; by: PersonRef };
  /** Immediate risks recorded as dealt with, earliest first. */
  stoodDownRisks?: StoodDownRisk[];
  conferenceRequest?: { agreed: boolean; reasons: string; by: PersonRef; at: Instant };
  outsideReferrals?: OutsideReferralRecord[];
  /** Legal holds, earliest first: while the last is not lifted, retention does not delete the dispute. */
  legalHolds?: LegalHold[];
  /** "I've seen this", from the people each level brought in. */
  acknowledgements?: Acknowledgement[];
  /** People brought in for someone else: their cover while away, or the next tier when nobody answered. */
  standIns?: StandIn[];
  /** Reminders to acknowledge, and who was told when the partnership's body had not. */
  acknowledgementReminders?: { stage: StageNumber; to: PersonRef[]; told?: PersonRef[]; at: Instant }[];
  /** Sides for which nobody further up could be brought in. */
  nextTierExhausted?: { stage: StageNumber; side: SideName; at: Instant; told?: PersonRef[] }[];
}

export interface Acknowledgement {
  stage: StageNumber;
  by: PersonRef;
  at: Instant;
}

export interface StandIn {
  stage: StageNumber;
  side: SideName;
  rung: string;
  person: PersonRef;
  for: PersonRef;
  /** away: covering an absence; silent: the next tier, because nobody at the level acknowledged. */
  why: 'away' | 'silent';
  /** The last day away as the person entered it (ISO date). */
  lastDay?: string;
  /** When Outlook says they are back, where that is the source (and in records from before `lastDay`). */
  until?: Instant;
  at: Instant;
}

export interface Attention {
  stage: StageNumber;
  /** Remind those who have not acknowledged (for the partnership's body: and tell who referred it). */
  remindAt?: Instant;
  /** Bring in the next person for a side nobody has acknowledged for. */
  nextTierAt?: Instant;
}

/**
 * Who covers for a person, and whether they are away at a moment: supplied by the edge from
 * absences people record, the directory's standing deputies and (with Graph) Outlook's
 * automatic replies. Undefined: nobody covers and they are not away. `lastDay` is the last day
 * away as the person typed it (an ISO date); `until` the moment Outlook's automatic replies end,
 * where that is the source.
 */
export type Availability = (person: PersonRef, at: Date) => { away: boolean; cover?: PersonRef; until?: Instant; lastDay?: string } | undefined;

export interface LegalHold {
  basis: HoldBasis;
  placedBy: PersonRef;
  placedAt: Instant;
  liftedBy?: PersonRef;
  liftedAt?: Instant;
}

/** The hold in force, if any. */
export function activeHold(d: { legalHolds?: LegalHold[] }): LegalHold | undefined {
  const last = d.legalHolds?.at(-1);
  return last && !last.liftedAt ? last : undefined;
}

/** A dispute still being worked: its deadline, and the checks the clock makes on the level it is at. */
export type OpenDispute = DisputeBase & {
  /** `awaiting-approval`: the level ran out and the next is entered only once someone approves or asks. */
  status: 'open' | 'awaiting-approval';
  deadline: PendingDeadline;
  /** When the bot next checks that the people a level brought in have seen it. */
  attention?: Attention;
};

/** A closed dispute: how it closed, the reminders of its agreed actions, and the themes its parties picked. */
export type ClosedDispute = DisputeBase & {
  status: 'closed';
  closure: Closure;
  actionReminders?: ActionReminder[];
  /** Themes each party picked at closure. */
  themes?: { by: PersonRef; themes: Theme[]; at: Instant }[];
  /** What each party and manager said the partnership can learn, the latest of each. */
  learning?: Learning[];
  /** Challenges a manager noted were made well. */
  recognitions?: Recognition[];
};

/**
 * What someone involved said at closure: what helped, what got in the way, and what in the
 * protocol or the Thresholds Document was unclear (each a choice, counted in the partnership's
 * picture), and a note in their own words (for the secretariat only).
 */
export interface Learning {
  by: PersonRef;
  helped: string[];
  hindered: string[];
  /** Where it was unclear: "protocol:<level key>", "protocol:routes", "thresholds:<tier>", "thresholds:indicators"… */
  unclear: string[];
  notes: string;
  at: Instant;
}

/** A manager's note that a professional's challenge was made well, which the professional sees. */
export interface Recognition {
  by: PersonRef;
  side: SideName;
  note: string;
  at: Instant;
}

export type Dispute = OpenDispute | ClosedDispute;

/** Before the first event there is nothing. */
export type DisputeState = Dispute | null;

export function isOpen(state: DisputeState): state is OpenDispute {
  return state !== null && state.status !== 'closed';
}
