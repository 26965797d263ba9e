/** The two sides of a dispute: the professional who raised it, and the one they disagree with. */
export type SideName = 'raiser' | 'respondent';

/**
 * Protocols are data. A partnership's protocol file declares its ladder (any number of
 * levels), who leads each level, how each is entered, its timescale, whether a meeting of all
 * parties is convened, who records its decision and who may pass over it; routes override any
 * of these. The decider reads them: no level number appears in a rule, a card or a notice.
 *
 * A dispute stores the protocol resolved for its route when it was raised (see `Protocol`), so
 * a changed file never moves a running dispute.
 */

/** A level's 1-based position on a dispute's ladder. */
export type StageNumber = number;

/**
 * A group of people the protocol names:
 * - `professionals`: the two professionals in the dispute (`sides` narrows it to one);
 * - `chain`: each agency's manager at a rung of its management chain (`sides` narrows it to one
 *   agency); where an agency has nobody at that rung, its nearest rung above, else below, carries it;
 * - `body`: a named body from the partnership directory (the secretariat, Conference Chairs…);
 * - `previous-lead`: whoever led the level before (for approvals).
 */
export type PeopleSpec =
  | { who: 'professionals'; sides?: SideName[] }
  | { who: 'chain'; rung: string; sides?: SideName[] }
  | { who: 'body'; body: string }
  | { who: 'previous-lead' };

/**
 * How a level is entered when the one before it runs out without an agreed outcome:
 * by the clock (`timer`), once someone approves (`approval`), or when a professional asks
 * (`request`). The first level is entered when the dispute is raised.
 */
export type Entry = { by: 'raise' } | { by: 'timer' } | { by: 'approval'; approvers: PeopleSpec } | { by: 'request' };

export type MeetingRule = 'none' | 'may' | 'all-parties';

export interface Level {
  /** Stable name used by routes and in the record ("stage-2", "informal"). */
  key: string;
  /** How people name the level ("Stage 2", "Informal resolution"). */
  label: string;
  title: string;
  /** What the people at this level are asked to do, in the protocol's words. */
  guidance: string;
  /** What the thread card asks of whom while the dispute is at this level. */
  prompt: string;
  lead: PeopleSpec;
  entry: Entry;
  workingDays: number;
  /** Whoever moves the dispute into this level may set a sooner date that protects the child. */
  protectiveDate: boolean;
  meeting: MeetingRule;
  /** Whom a meeting at this level brings together, as the protocol names them; absent: everyone involved. */
  invite?: PeopleSpec[];
  /** Who records a decision that closes the dispute at this level; absent: only an agreed outcome closes it. */
  decidedBy?: PeopleSpec;
  /** Whether the written account of the dispute is sent to this level's lead on entry. */
  writtenAccount: boolean;
  /** Who may pass over this level when moving a dispute on (by severity); absent: it is never skipped. */
  skip?: PeopleSpec;
}

/** A rung of each agency's management chain, lowest first, named as it reads mid-sentence ("senior manager"). */
export interface Rung {
  key: string;
  title: string;
  /** Where adding "s" is wrong ("Directors of Children's Services"). */
  plural?: string;
}

export interface RouteDetails {
  id: string;
  title: string;
  /** When to choose this route, shown on the raise card. */
  whenToUse: string;
  /** Who asks the opening question of whom. */
  opening: { asker: SideName; question: string };
  followUpQuestions: string[];
  /** Route-specific rules shown to everyone on the card. */
  notes: string[];
  /** Asks for parental consent or the recorded exception (MASH contacts/referrals). */
  asksForConsent: boolean;
  /** The route is about a request for a Child Protection Conference: who decides it, and in whose words. */
  conferenceRequest?: ConferenceRequest;
  /**
   * Disputes raised before the file said who decides a conference request carry this flag
   * instead; they keep the rule they were raised under (the other professional or their managers).
   */
  decidesConferenceRequest?: boolean;
}

/** Who decides a request for a Child Protection Conference; a refusal is recorded with its reasons. */
export interface ConferenceRequest {
  decidedBy: PeopleSpec[];
  /** Who decides, as the card and a refusal say it ("Children's Social Care (the professional asked, or their manager)"). */
  by: string;
}

/** Where a file may say "lead": whoever leads that level once a route's changes are applied. */
export type PeopleOrLead = PeopleSpec | 'lead';

/**
 * A condition on a dispute the partnership directory can answer when it is raised:
 * `same-organisation`, both agencies belong to one organisation (the directory's agencies
 * may name their organisation; an agency that does not is an organisation of its own).
 */
export type LadderCondition = 'same-organisation';

/** What the directory says about a dispute being raised, for the conditions a ladder may have. */
export interface LadderFacts {
  sameOrganisation?: boolean;
}

/** A level as the file declares it, before a route's changes and "lead" are resolved. */
export interface LevelDefinition extends Omit<Level, 'entry' | 'decidedBy' | 'skip' | 'invite'> {
  entry: { by: 'raise' } | { by: 'timer' } | { by: 'request' } | { by: 'approval'; approvers: PeopleOrLead };
  invite?: PeopleOrLead[];
  decidedBy?: PeopleOrLead;
  skip?: PeopleOrLead;
  /** The level is left out of a dispute's ladder when this holds of it. */
  omitWhen?: LadderCondition;
}

/** A route's changes to a level; `omit` leaves the level out of the route's ladder. */
export type LevelOverride = Partial<Omit<LevelDefinition, 'key'>> & { omit?: boolean };

export interface RouteDefinition extends RouteDetails {
  /** Level fields this route changes, by level key. */
  levels: Record<string, LevelOverride>;
}

/** An outside body that may be brought in at any point (an IRO's referral to Cafcass). */
export interface OutsideReferral {
  to: string;
  by: PeopleSpec;
}

/** A protocol as its file declares it, validated. */
export interface ProtocolDefinition {
  id: string;
  version: string;
  name: string;
  source: string;
  chain: Rung[];
  /** What to call each body the levels name ("secretariat": "the Safeguarding Partnership secretariat"). */
  bodies: Record<string, string>;
  levels: LevelDefinition[];
  routes: RouteDefinition[];
  /** The whole dispute must finish within this many working days (every level's deadline is capped by it). */
  completeWithinWorkingDays?: number;
  outsideReferral?: OutsideReferral;
  /** When the raiser puts their concerns in writing to the other professional, where the protocol says. */
  concernsInWriting?: ConcernsInWriting;
  /** The tiers of the local Thresholds Document a raiser says are met; absent: the raise card does not ask. */
  thresholdTiers?: Choice[];
  /** Parental consent to a MASH contact or referral, and its exceptions; absent: no route asks for consent. */
  consentGrounds?: Choice[];
  /** When the clock chases and reminds; absent parts are the bot's defaults (see DEFAULT_CLOCK). */
  clock?: Partial<ClockRules>;
}

/**
 * When the protocol's clock chases and reminds, as parts of a level's timescale (in working
 * time; in clock time once a child is at immediate risk) and working hours.
 */
export interface ClockRules {
  /** Where nobody on a side has said they have seen a level, their next tier is brought in this far through it (0.5: half way). */
  nextTierAt: number;
  /** A partnership body is reminded to confirm it received the written account this many working days after it was sent. */
  bodyConfirmsWithinWorkingDays: number;
  /** A level's reminders to whoever owes the next step: part of the way through (0: none), and working hours before the deadline (0: none). */
  reminders: { partWay: number; workingHoursBefore: number };
  /** A meeting's convener is asked to record it this many minutes after it begins, and chased this many working days later. */
  meetingRecord: { askAfterMinutes: number; chaseAfterWorkingDays: number };
}

/** What the clock does where a protocol does not say: half way, one working day, half way and two working hours before. */
export const DEFAULT_CLOCK: ClockRules = { nextTierAt: 0.5, bodyConfirmsWithinWorkingDays: 1, reminders: { partWay: 0.5, workingHoursBefore: 2 }, meetingRecord: { askAfterMinutes: 60, chaseAfterWorkingDays: 1 } };

/** A protocol's clock rules, with the defaults where it says nothing (and for disputes raised before protocols could say). */
export function clockOf(protocol: { clock?: Partial<ClockRules> }): ClockRules {
  const c = protocol.clock ?? {};
  return { ...DEFAULT_CLOCK, ...c, reminders: { ...DEFAULT_CLOCK.reminders, ...(c.reminders ?? {}) }, meetingRecord: { ...DEFAULT_CLOCK.meetingRecord, ...(c.meetingRecord ?? {}) } };
}

/** One choice of a protocol's vocabulary: the code the record keeps, and its words. */
export interface Choice {
  value: string;
  title: string;
}

/** "The same working day, or as soon as possible thereafter" (4LSCB). */
export type ConcernsInWriting = 'same-working-day';

export interface UrgentScale {
  /** Clock hours per level once a child is declared at immediate risk. */
  hoursPerStage: number;
}

/**
 * What a dispute carries from raise to close: its protocol resolved for its route, with the
 * timescales then in force. The decider, the cards and the notices read only this.
 */
export interface Protocol {
  id: string;
  version: string;
  name: string;
  source: string;
  route: RouteDetails;
  chain: Rung[];
  bodies: Record<string, string>;
  levels: Level[];
  completeWithinWorkingDays?: number;
  outsideReferral?: OutsideReferral;
  concernsInWriting?: ConcernsInWriting;
  thresholdTiers?: Choice[];
  consentGrounds?: Choice[];
  clock?: Partial<ClockRules>;
  urgent: UrgentScale;
  /** Hours between reminders while a decision is awaited. */
  decisionReminderHours: number;
  /** Working hours within which the people a level brings in say they have seen it, before a reminder (absent on disputes raised before it existed: 4). */
  acknowledgeWithinHours?: number;
}

export const OPENING_QUESTION = 'Help me understand why you are worried?';

export class ProtocolError extends Error {}

/** A protocol's usual route, the one its file lists first: what the raise card offers, and help describes. */
export const defaultRoute = (definition: Pick<ProtocolDefinition, 'routes'>): RouteDefinition | undefined => definition.routes[0];

/** The level at a position on the ladder. */
export function levelAt(protocol: Protocol, stage: StageNumber): Level {
  const level = protocol.levels[stage - 1];
  if (!level) throw new ProtocolError(`Protocol ${protocol.id}@${protocol.version} has no level ${stage}`);
  return level;
}

export function isLastLevel(protocol: Protocol, stage: StageNumber): boolean {
  return stage >= protocol.levels.length;
}

/** "Stage 2: First-line manager to first-line manager". */
export function levelName(protocol: Protocol, stage: StageNumber): string {
  const level = levelAt(protocol, stage);
  return `${level.label}: ${level.title}`;
}

/**
 * The levels a dispute at `stage` may move to now: the next one, and beyond it for as long as
 * the levels in between may be skipped.
 */
export function reachableLevels(protocol: Protocol, stage: StageNumber): StageNumber[] {
  const reachable: StageNumber[] = [];
  for (let next = stage + 1; next <= protocol.levels.length; next++) {
    reachable.push(next);
    if (!levelAt(protocol, next).skip) break;
  }
  return reachable;
}

/** The rung keys of the chain, lowest first. */
export const rungKeys = (protocol: Pick<Protocol, 'chain'>): string[] => protocol.chain.map((r) => r.key);

export function rungTitle(protocol: Pick<Protocol, 'chain'>, rung: string): string {
  return protocol.chain.find((r) => r.key === rung)?.title ?? rung;
}

export function rungPlural(protocol: Pick<Protocol, 'chain'>, rung: string): string {
  const found = protocol.chain.find((r) => r.key === rung);
  return found?.plural ?? `${found?.title ?? rung}s`;
}

export function bodyTitle(protocol: Pick<Protocol, 'bodies'>, body: string): string {
  return protocol.bodies[body] ?? `the ${body.replace(/-/g, ' ')}`;
}

/** The rungs of the chain this ladder brings in (leads, deciders, approvers, skippers), lowest first. */
export function rungsUsed(protocol: Pick<Protocol, 'chain' | 'levels'>): string[] {
  const specs = protocol.levels.flatMap((l) => [l.lead, l.decidedBy, l.skip, l.entry.by === 'approval' ? l.entry.approvers : undefined]);
  const used = new Set(specs.flatMap((s) => (s?.who === 'chain' ? [s.rung] : [])));
  // A professional's own first manager decides their request to move on, so the first rung is always used.
  return protocol.chain.filter((r, i) => i === 0 || used.has(r.key)).map((r) => r.key);
}
