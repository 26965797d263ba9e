import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ROOT } from '../paths';
import {
  ClockRules,
  clockOf,
  Entry,
  LadderCondition,
  LadderFacts,
  Level,
  LevelDefinition,
  OPENING_QUESTION,
  PeopleOrLead,
  PeopleSpec,
  Protocol,
  ProtocolDefinition,
  ProtocolError,
  RouteDefinition,
  UrgentScale,
} from '../domain/protocol';

/**
 * A protocol file as a partnership writes it. People are named in short forms:
 * "professionals", "professionals@raiser", "chain:senior", "chain:team-manager@respondent",
 * "body:secretariat", "previous-lead" and, for `decidedBy` and `skip`, "lead".
 */

const SIDE_NAMES = ['raiser', 'respondent'] as const;

/** The consent choice for a contact or referral that is not a MASH one: the bot's own, on every raise card. */
export const NO_CONSENT_ASKED = 'not-applicable';
const PEOPLE = /^(professionals|previous-lead|lead|chain:[a-z0-9-]+|body:[a-z0-9-]+)(@(raiser|respondent))?$/;

const people = z
  .string()
  .regex(PEOPLE, { error: 'name people as "professionals", "chain:<rung>", "body:<name>" or "previous-lead", optionally ending "@raiser" or "@respondent"' })
  .transform((text): PeopleSpec | 'lead' => {
    const [name, side] = text.split('@') as [string, (typeof SIDE_NAMES)[number] | undefined];
    const sides = side ? { sides: [side] } : {};
    if (name === 'professionals') return { who: 'professionals', ...sides };
    if (name === 'previous-lead') return { who: 'previous-lead' };
    if (name === 'lead') return 'lead';
    const [kind, key] = name.split(':') as [string, string];
    return kind === 'chain' ? { who: 'chain', rung: key, ...sides } : { who: 'body', body: key };
  });

const key = z.string().regex(/^[a-z0-9-]+$/, { error: 'use lower-case letters, digits and dashes' });
const text = z.string().trim().min(1, { error: 'must not be empty' });
/** A part of a level's timescale: more than none and less than all of it (0 where it turns something off). */
const part = z.number().min(0, { error: 'must be 0 or more' }).max(0.95, { error: 'must be less than 1 (a part of the timescale)' });
const choice = z.object({ value: key.refine((v) => v !== NO_CONSENT_ASKED, { error: `"${NO_CONSENT_ASKED}" is the bot's own choice for a referral that is not a MASH one` }), title: text }).strict();

const entry = z.union([
  z.enum(['raise', 'timer', 'request']).transform((by) => ({ by })),
  z.object({ by: z.literal('approval'), approvers: people }).strict(),
]);

const levelFields = {
  label: text,
  title: text,
  guidance: text,
  prompt: text,
  lead: people,
  entry,
  workingDays: z.number().int().min(1, { error: 'must be at least 1 working day' }).max(30, { error: 'must be at most 30 working days' }),
  protectiveDate: z.boolean(),
  meeting: z.enum(['none', 'may', 'all-parties']),
  decidedBy: people,
  writtenAccount: z.boolean(),
  skip: people,
  omitWhen: z.enum(['same-organisation']),
  invite: z.array(people).min(1, { error: 'name at least one group of people, or leave it out' }),
};

const levelSchema = z
  .object({
    key,
    ...levelFields,
    protectiveDate: levelFields.protectiveDate.default(false),
    meeting: levelFields.meeting.default('none'),
    decidedBy: levelFields.decidedBy.optional(),
    writtenAccount: levelFields.writtenAccount.default(false),
    skip: levelFields.skip.optional(),
    omitWhen: levelFields.omitWhen.optional(),
    invite: levelFields.invite.optional(),
  })
  .strict();

const overrideSchema = z.object({ ...levelFields, omit: z.boolean() }).partial().strict();

const routeSchema = z
  .object({
    id: key,
    title: text,
    whenToUse: text,
    opening: z.object({ asker: z.enum(SIDE_NAMES), question: text }).strict().default({ asker: 'respondent', question: OPENING_QUESTION }),
    followUpQuestions: z.array(text).default([
      'Which indicators of need in the Thresholds Document are present in the child\'s life now?',
      'What is the impact on the child?',
      'What is the evidence?',
    ]),
    notes: z.array(text).default([]),
    asksForConsent: z.boolean().default(false),
    conferenceRequest: z.object({ decidedBy: z.array(people).min(1, { error: 'name at least one group of people' }), by: text }).strict().optional(),
    decidesConferenceRequest: z.never({ error: 'write "conferenceRequest": { "decidedBy": [...], "by": "..." } instead, saying who decides the request (see docs/write-your-protocol.md)' }).optional(),
    levels: z.record(key, overrideSchema).default({}),
  })
  .strict();

const fileSchema = z
  .object({
    $schema: z.string().optional(),
    id: key,
    version: z.string().trim().min(1, { error: 'must not be empty' }),
    name: text,
    source: text,
    chain: z.array(z.object({ key, title: text, plural: text.optional() }).strict()).default([]),
    bodies: z.record(key, text).default({}),
    completeWithinWorkingDays: z.number().int().min(1).max(120).optional(),
    outsideReferral: z.object({ to: text, by: people }).strict().optional(),
    concernsInWriting: z.enum(['same-working-day']).optional(),
    thresholdTiers: z.array(choice).min(1, { error: 'list at least one tier, or leave it out' }).optional(),
    consentGrounds: z.array(choice).min(1, { error: 'list at least one ground, or leave it out' }).optional(),
    clock: z.object({
      nextTierAt: part.refine((p) => p > 0, { error: 'must be more than 0' }).optional(),
      bodyConfirmsWithinWorkingDays: z.number().int().min(1).max(10).optional(),
      reminders: z.object({ partWay: part.optional(), workingHoursBefore: z.number().min(0).max(40).optional() }).strict().optional(),
      meetingRecord: z.object({ askAfterMinutes: z.number().int().min(0).max(480).optional(), chaseAfterWorkingDays: z.number().int().min(1).max(10).optional() }).strict().optional(),
    }).strict().optional(),
    levels: z.array(levelSchema).min(2, { error: 'a ladder needs at least two levels' }),
    routes: z.array(routeSchema).min(1, { error: 'at least one route is required' }),
  })
  .strict();

type ParsedFile = z.output<typeof fileSchema>;

const where = (path: PropertyKey[]): string => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');

function resolveLead(spec: PeopleOrLead | undefined, lead: PeopleSpec): PeopleSpec | undefined {
  return spec === 'lead' ? lead : spec;
}

/** A level once "lead" is resolved to whoever leads it. */
function toLevel(raw: LevelDefinition): Level {
  const { decidedBy: decider, skip: skipper, entry: rawEntry, omitWhen: _resolved, invite: invited, ...rest } = raw;
  const decidedBy = resolveLead(decider, raw.lead);
  const skip = resolveLead(skipper, raw.lead);
  const invite = invited?.map((spec) => resolveLead(spec, raw.lead)!);
  const entry: Entry = rawEntry.by === 'approval' ? { by: 'approval', approvers: resolveLead(rawEntry.approvers, raw.lead)! } : rawEntry;
  return { ...rest, entry, ...(decidedBy ? { decidedBy } : {}), ...(skip ? { skip } : {}), ...(invite ? { invite } : {}) };
}

/** The rules a schema cannot say: a ladder that can be climbed and names only what exists. */
function ladderProblems(file: ParsedFile): string[] {
  const problems: string[] = [];
  const rungs = new Set(file.chain.map((r) => r.key));
  const check = (at: string, spec: PeopleSpec | 'lead' | undefined) => {
    if (spec && spec !== 'lead' && spec.who === 'chain' && !rungs.has(spec.rung)) {
      problems.push(`${at}: "chain:${spec.rung}" is not a rung of "chain" (${[...rungs].join(', ') || 'none declared'})`);
    }
  };
  const seen = new Set<string>();
  file.levels.forEach((level, i) => {
    const at = `levels[${i}]`;
    if (seen.has(level.key)) problems.push(`${at}.key: "${level.key}" is used twice`);
    seen.add(level.key);
    if (i === 0 && level.entry.by !== 'raise') problems.push(`${at}.entry: the first level is entered when the dispute is raised ("raise")`);
    if (i > 0 && level.entry.by === 'raise') problems.push(`${at}.entry: only the first level is entered by "raise"`);
    if (i === 0 && level.skip) problems.push(`${at}.skip: the first level cannot be skipped`);
    if (i === 0 && level.lead !== 'lead' && (level.lead as PeopleSpec).who === 'previous-lead') problems.push(`${at}.lead: the first level has no previous lead`);
    if ((level.lead as PeopleSpec | 'lead') === 'lead') problems.push(`${at}.lead: "lead" names this level's lead; say who leads it`);
    check(`${at}.lead`, level.lead);
    check(`${at}.decidedBy`, level.decidedBy);
    check(`${at}.skip`, level.skip);
    if (level.entry.by === 'approval') check(`${at}.entry.approvers`, level.entry.approvers);
    level.invite?.forEach((spec, j) => check(`${at}.invite[${j}]`, spec));
    if (level.invite && level.meeting === 'none') problems.push(`${at}.invite: the level convenes no meeting ("meeting": "none")`);
    if (level.omitWhen && (i === 0 || i === file.levels.length - 1)) problems.push(`${at}.omitWhen: the first and the last level are never left out`);
  });
  const last = file.levels.at(-1);
  if (last && !last.decidedBy) problems.push(`levels[${file.levels.length - 1}].decidedBy: the last level must say who records the final decision`);
  const routeIds = new Set<string>();
  file.routes.forEach((route, i) => {
    if (routeIds.has(route.id)) problems.push(`routes[${i}].id: "${route.id}" is used twice`);
    routeIds.add(route.id);
    for (const [levelKey, change] of Object.entries(route.levels)) {
      if (!seen.has(levelKey)) problems.push(`routes[${i}].levels.${levelKey}: there is no level "${levelKey}"`);
      check(`routes[${i}].levels.${levelKey}.lead`, change.lead);
      check(`routes[${i}].levels.${levelKey}.decidedBy`, change.decidedBy);
      const index = file.levels.findIndex((l) => l.key === levelKey);
      if ((change.omit || change.omitWhen) && (index === 0 || index === file.levels.length - 1)) problems.push(`routes[${i}].levels.${levelKey}: the first and the last level are never left out`);
    }
    route.conferenceRequest?.decidedBy.forEach((spec, j) => {
      if (spec === 'lead') problems.push(`routes[${i}].conferenceRequest.decidedBy[${j}]: say who decides; "lead" names a level's lead`);
      check(`routes[${i}].conferenceRequest.decidedBy[${j}]`, spec);
    });
  });
  file.routes.forEach((route, i) => {
    if (route.asksForConsent && !file.consentGrounds) problems.push(`routes[${i}].asksForConsent: the file lists no "consentGrounds" to ask about`);
  });
  for (const list of ['thresholdTiers', 'consentGrounds'] as const) {
    const values = (file[list] ?? []).map((c) => c.value);
    const twice = values.find((v, i) => values.indexOf(v) !== i);
    if (twice) problems.push(`${list}: "${twice}" is listed twice`);
  }
  if (file.outsideReferral) check('outsideReferral.by', file.outsideReferral.by);
  return problems;
}

/** Parse and check a protocol file's JSON; every problem is named by its field. */
export function parseProtocol(json: unknown, name = 'protocol'): ProtocolDefinition {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${where(issue.path) || '(top level)'}: ${issue.message}`);
    throw new ProtocolError(`${name}: ${problems.join('; ')}`);
  }
  const file = parsed.data;
  const problems = ladderProblems(file);
  if (problems.length) throw new ProtocolError(`${name}: ${problems.join('; ')}`);
  const routes = file.routes as RouteDefinition[];
  const outsideReferral = file.outsideReferral ? { to: file.outsideReferral.to, by: file.outsideReferral.by as PeopleSpec } : undefined;
  return {
    id: file.id,
    version: file.version,
    name: file.name,
    source: file.source,
    chain: file.chain,
    bodies: file.bodies,
    levels: file.levels as LevelDefinition[],
    routes,
    ...(file.completeWithinWorkingDays ? { completeWithinWorkingDays: file.completeWithinWorkingDays } : {}),
    ...(outsideReferral ? { outsideReferral } : {}),
    ...(file.concernsInWriting ? { concernsInWriting: file.concernsInWriting } : {}),
    ...(file.thresholdTiers ? { thresholdTiers: file.thresholdTiers } : {}),
    ...(file.consentGrounds ? { consentGrounds: file.consentGrounds } : {}),
    ...(file.clock ? { clock: file.clock as Partial<ClockRules> } : {}),
  };
}

export function readProtocolFile(file: string): ProtocolDefinition {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ProtocolError(`${file}: cannot read it as JSON: ${(error as Error).message}`);
  }
  return parseProtocol(json, file);
}

export interface ProtocolSettings {
  urgent: UrgentScale;
  decisionReminderHours: number;
  /** Working hours within which the people a level brings in are asked to say they have seen it (default 4). */
  acknowledgeWithinHours?: number;
  /** Working days per level, replacing the file's (a partnership's configuration). */
  workingDays?: number[];
}

/** The partnership's protocol as configured: the file and the settings applied to every new dispute. */
export interface ProtocolChoice {
  definition: ProtocolDefinition;
  settings: ProtocolSettings;
}

/**
 * The protocol a dispute on this route carries: the route's changes applied to the ladder, and
 * the levels it leaves out, or that do not apply to this dispute (`facts`, from the directory),
 * taken off it. Without facts, every level whose omission depends on them is kept.
 */
export function resolveRoute(definition: ProtocolDefinition, routeId: string, settings: ProtocolSettings, facts: LadderFacts = {}): Protocol {
  const route = definition.routes.find((r) => r.id === routeId);
  if (!route) throw new ProtocolError(`The ${definition.name} has no route "${routeId}".`);
  const { levels: changes, ...details } = route;
  const holds = (condition: LadderCondition | undefined) => condition === 'same-organisation' && facts.sameOrganisation === true;
  const levels = definition.levels.flatMap((level, i) => {
    const { omit, ...change } = changes[level.key] ?? {};
    const merged = { ...level, ...change };
    if (omit || holds(merged.omitWhen)) return [];
    const resolved = toLevel(merged);
    const days = settings.workingDays?.[i];
    return [days ? { ...resolved, workingDays: days } : resolved];
  });
  return {
    id: definition.id,
    version: definition.version,
    name: definition.name,
    source: definition.source,
    route: details,
    chain: definition.chain,
    bodies: definition.bodies,
    levels,
    ...(definition.completeWithinWorkingDays ? { completeWithinWorkingDays: definition.completeWithinWorkingDays } : {}),
    ...(definition.outsideReferral ? { outsideReferral: definition.outsideReferral } : {}),
    ...(definition.concernsInWriting ? { concernsInWriting: definition.concernsInWriting } : {}),
    ...(definition.thresholdTiers ? { thresholdTiers: definition.thresholdTiers } : {}),
    ...(definition.consentGrounds ? { consentGrounds: definition.consentGrounds } : {}),
    // A dispute carries the clock it was raised under, defaults filled in, so a later default never moves it.
    clock: clockOf(definition),
    urgent: settings.urgent,
    decisionReminderHours: settings.decisionReminderHours,
    acknowledgeWithinHours: settings.acknowledgeWithinHours ?? 4,
  };
}

/** The protocols shipped with the bot, in `protocols/`. */
export const PROTOCOLS_DIR = resolve(ROOT, 'protocols');

/** Every protocol file in a folder, validated; the first bad one stops start-up with its problems. */
export function readProtocols(dir = PROTOCOLS_DIR): ProtocolDefinition[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readProtocolFile(join(dir, f)));
}

/** The body names a protocol's levels (on any route) and outside referral rely on. */
export function bodiesNamed(definition: ProtocolDefinition): string[] {
  const levels = [...definition.levels, ...definition.routes.flatMap((r) => Object.values(r.levels))];
  const specs: (PeopleOrLead | undefined)[] = [
    ...levels.flatMap((l) => [l.lead, l.decidedBy, l.skip, l.entry?.by === 'approval' ? l.entry.approvers : undefined]),
    definition.outsideReferral?.by,
    ...definition.routes.flatMap((r) => r.conferenceRequest?.decidedBy ?? []),
  ];
  return [...new Set(specs.flatMap((s) => (s && s !== 'lead' && s.who === 'body' ? [s.body] : [])))];
}
