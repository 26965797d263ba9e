/**
 * Protocols are data: stages, who is involved at each, timescales in working days, what
 * moves a dispute on, and the special routes. A dispute keeps the protocol snapshot it
 * started under (see ProtocolSnapshot), so later configuration changes never move a
 * running clock.
 */
export type StageNumber = 1 | 2 | 3 | 4;
export const STAGES: readonly StageNumber[] = [1, 2, 3, 4];

/** Who carries a stage on each side. */
export type Level = 'practitioner' | 'first-line' | 'senior' | 'final';

/** How a stage is left when its timescale runs out without an agreed outcome. */
export type Advance = 'timer' | 'approval';

/** Who makes the decision at the last stage of a route. */
export type FinalResolver = 'partnership-board' | 'director-level' | 'conference-chair';

export interface StageDefinition {
  stage: StageNumber;
  title: string;
  /** Who is involved from each agency at this stage. */
  level: Level;
  /** What the people at this stage are asked to do, in the protocol's words. */
  guidance: string;
  /** How a dispute gets into this stage once the previous one runs out. */
  entry: Advance;
  canConveneMeeting: boolean;
}

export type RouteId =
  | 'standard'
  | 'mash-referral'
  | 'police-social-care'
  | 'cp-conference-need'
  | 'cp-conference-dissent'
  | 'cp-plan';

export interface RouteDefinition {
  id: RouteId;
  title: string;
  /** When to choose this route, shown on the raise card. */
  whenToUse: string;
  /** Who asks the opening question of whom at Stage 1. */
  opening: { asker: 'respondent' | 'raiser'; question: string };
  followUpQuestions: readonly string[];
  /** Route-specific names for the levels, where the route names them (e.g. Sergeant). */
  stageTitles: Partial<Record<StageNumber, string>>;
  /** Route-specific rules shown to everyone on the card. */
  notes: readonly string[];
  finalResolver: FinalResolver;
  /** Asks for parental consent or the recorded exception (MASH contacts/referrals). */
  asksForConsent: boolean;
  /** The request for a Child Protection Conference is decided and, if refused, reasons recorded. */
  decidesConferenceRequest: boolean;
}

export interface ProtocolDefinition {
  id: string;
  version: string;
  name: string;
  source: string;
  stages: readonly StageDefinition[];
  routes: readonly RouteDefinition[];
}

/** Working days per stage; the protocol text or a partnership's configuration sets them. */
export type Timescales = Record<StageNumber, number>;

export interface UrgentScale {
  /** Clock hours per stage once a child is declared at immediate risk. */
  hoursPerStage: number;
}

/** What a dispute stores at raise: the protocol version and the timescales then in force. */
export interface ProtocolSnapshot {
  id: string;
  version: string;
  timescales: Timescales;
  urgent: UrgentScale;
  /** Hours between reminders while a decision is awaited (Stage 4 approval, board decision). */
  decisionReminderHours: number;
}

export const OPENING_QUESTION = 'Help me understand why you are worried?';

export class ProtocolError extends Error {}

export function validateProtocol(protocol: ProtocolDefinition): ProtocolDefinition {
  const problems: string[] = [];
  if (!protocol.id || !/^[a-z0-9-]+$/.test(protocol.id)) problems.push('id must be lower-case letters, digits and dashes');
  if (!protocol.version) problems.push('version is required');
  const stages = protocol.stages.map((s) => s.stage);
  if (stages.join(',') !== '1,2,3,4') problems.push('stages must be exactly 1, 2, 3 and 4, in order');
  if (protocol.stages[0] && protocol.stages[0].entry !== 'timer') problems.push('stage 1 starts when raised (entry "timer")');
  if (protocol.routes.length === 0) problems.push('at least one route is required');
  const ids = new Set<string>();
  for (const route of protocol.routes) {
    if (ids.has(route.id)) problems.push(`route ${route.id} is defined twice`);
    ids.add(route.id);
    if (!route.opening.question.trim()) problems.push(`route ${route.id} needs an opening question`);
  }
  if (!ids.has('standard')) problems.push('the standard route is required');
  if (problems.length) throw new ProtocolError(`Protocol ${protocol.id}@${protocol.version}: ${problems.join('; ')}`);
  return protocol;
}

export function validateTimescales(timescales: Timescales, urgent: UrgentScale): void {
  for (const stage of STAGES) {
    const days = timescales[stage];
    if (!Number.isInteger(days) || days < 1 || days > 30) {
      throw new ProtocolError(`Stage ${stage} timescale must be 1 to 30 working days, got ${days}`);
    }
  }
  if (!(urgent.hoursPerStage > 0 && urgent.hoursPerStage <= 72)) {
    throw new ProtocolError(`Urgent timescale must be more than 0 and at most 72 hours, got ${urgent.hoursPerStage}`);
  }
}

export function routeOf(protocol: ProtocolDefinition, routeId: RouteId): RouteDefinition {
  const route = protocol.routes.find((r) => r.id === routeId);
  if (!route) throw new ProtocolError(`Protocol ${protocol.id} has no route ${routeId}`);
  return route;
}

export function stageOf(protocol: ProtocolDefinition, stage: StageNumber): StageDefinition {
  return protocol.stages[stage - 1]!;
}

/** The stage's name on this route (a route may name its own levels, e.g. Sergeant). */
export function stageTitle(protocol: ProtocolDefinition, routeId: RouteId, stage: StageNumber): string {
  return routeOf(protocol, routeId).stageTitles[stage] ?? stageOf(protocol, stage).title;
}
