import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { decide } from '../../src/commands';
import type { DecideContext } from '../../src/domain/decider/context';
import { Actor, Dispute, DisputeState, PersonRef, Side } from '../../src/domain/dispute';
import { evolve } from '../../src/commands';
import type { Decision, RaiseInput } from '../../src/domain/messages';
import type { Command, CommandBody } from '../../src/commands';
import type { Protocol, ProtocolDefinition } from '../../src/domain/protocol';
import { PROTOCOLS_DIR, ProtocolSettings, readProtocolFile, resolveRoute } from '../../src/protocols/protocol-file';
import { includes, roleOf } from '../../src/domain/roles';
import { ackGroups, seenBy } from '../../src/domain/decider/attention';
import { CLOCK, personRef } from '../../src/domain/person';
import { WorkingCalendar } from '../../src/domain/working-days';
import type { DisputeDocument } from '../../src/store/dispute-document';
import { withIndexes } from '../../src/store/dispute-repository';
import { NO_SEAL } from '../../src/store/history-chain';

export const ctx: DecideContext = { calendar: new WorkingCalendar() };
export const uk = (local: string): Date => DateTime.fromISO(local, { zone: 'Europe/London' }).toJSDate();

/** A person as the record keeps them: tenant and object id; `n` makes the object id. */
export const personIn = (tenant: string, n: number, name: string): PersonRef => personRef(name, tenant, `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`);
export const PARTNERSHIP = '6a0b7c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d';
export const POLICE = 'b1f2e3d4-c5b6-4a79-8812-93a4b5c6d7e8';

export const people = {
  alex: personIn(PARTNERSHIP, 1, 'Alex Morgan'),
  sam: personIn(PARTNERSHIP, 2, 'Sam Taylor'),
  priya: personIn(PARTNERSHIP, 3, 'Priya Shah'),
  jo: personIn(PARTNERSHIP, 4, 'Jo Evans'),
  dan: personIn(POLICE, 5, 'Dan Okafor'),
  chris: personIn(PARTNERSHIP, 6, 'Chris Lee'),
  morgan: personIn(PARTNERSHIP, 7, 'Morgan Reid'),
  stranger: personIn(PARTNERSHIP, 8, 'Not Involved'),
} satisfies Record<string, PersonRef>;

export const FOUR_LSCB: ProtocolDefinition = readProtocolFile(`${PROTOCOLS_DIR}/4lscb.json`);
export const SETTINGS: ProtocolSettings = { urgent: { hoursPerStage: 4 }, decisionReminderHours: 4 };

/** The 4LSCB protocol resolved for a route, as a dispute raised on it carries it. */
export const protocolFor = (route = 'standard', definition = FOUR_LSCB): Protocol => resolveRoute(definition, route, SETTINGS);
export const protocol: Protocol = protocolFor();

export const side = (professional: PersonRef, agency: string, firstLine: PersonRef[], senior: PersonRef[], director: PersonRef[] = []): Side => ({
  professional,
  agency,
  managers: { 'first-line': firstLine, senior, director },
});

const raiserSide: Side = side(people.alex, 'Hillside Primary School', [people.priya], [people.dan]);
const respondentSide: Side = side(people.sam, 'Children\'s Social Care', [people.jo], [people.chris]);

export function raiseInput(overrides: Partial<RaiseInput> = {}): RaiseInput {
  const route = overrides.route ?? 'standard';
  return {
    id: 'd-1',
    reference: 'PD-2026-0001',
    protocol: protocolFor(route),
    route,
    sides: { raiser: raiserSide, respondent: respondentSide },
    bodies: { secretariat: [people.morgan], 'conference-chairs': [people.morgan] },
    child: { caseReference: 'HPS-4411', initials: 'J.B.' },
    concern: {
      about: 'Referral closed with no further action',
      indicators: ['Neglect'],
      tier: 'tier-4',
      impact: 'Arrives hungry, missed medical appointments',
      tried: 'Phoned the duty desk twice',
      consent: 'given',
    },
    immediateRisk: false,
    ...overrides,
  };
}

export const system: Actor = { ...CLOCK, role: { kind: 'system' } };

/** The actor as the bot would build it: the person, with their role in this dispute. */
export function as(state: DisputeState, who: PersonRef): Actor {
  if (!state) return { ...who, role: { kind: 'party', side: 'raiser' } };
  return { ...who, role: roleOf(state, who) };
}

export function command(state: DisputeState, who: PersonRef | Actor, at: Date, body: CommandBody): Command {
  const actor = 'role' in who ? who : as(state, who);
  return { ...body, actor, now: at } as Command;
}

/** Apply a decision's events; the decision must have been accepted. */
export function apply(state: DisputeState, decision: Decision): Dispute {
  if (!decision.ok) assert.fail(`refused: ${decision.refusal.message}`);
  assert.ok(decision.events.length > 0 || state, 'an accepted command on nothing must produce events');
  return decision.events.reduce<DisputeState>(evolve, state) as Dispute;
}

export function run(state: DisputeState, who: PersonRef | Actor, at: Date, body: CommandBody): Dispute {
  return apply(state, decide(state, command(state, who, at, body), ctx));
}

export const RAISED_AT = uk('2026-12-24T16:30');

export function raised(overrides: Partial<RaiseInput> = {}, at = RAISED_AT): Dispute {
  return run(null, people.alex, at, { kind: 'raise', ...raiseInput(overrides) });
}

/**
 * Everyone the level brought in says they have seen it as soon as it reaches them, so the clock
 * has nobody to chase: the level simply runs its course.
 */
export function seenByAll(state: Dispute): Dispute {
  let d = state;
  if (d.status === 'closed') return d;
  const at = new Date(new Date(d.stages.at(-1)!.enteredAt).getTime() + 60_000);
  for (const group of ackGroups(d, d.stage)) {
    if (!group.people.some((p) => includes(seenBy(d, d.stage), p))) d = run(d, group.people[0]!, at, { kind: 'acknowledge', stage: d.stage });
  }
  return d;
}

/**
 * The level runs its course and its timescale runs out: everyone it brought in said they had
 * seen it (nobody is chased), nobody agreed, and the clock fires the deadline when it falls due.
 */
export function expire(state: Dispute): Dispute {
  assert.ok(state.status !== 'closed', 'a closed dispute has no deadline');
  const seen = seenByAll(state);
  assert.ok(seen.status !== 'closed');
  return run(seen, system, new Date(seen.deadline.due), { kind: 'deadline-reached', due: seen.deadline.due });
}

/** A dispute that went through every stage, with accounts, records, a manager's view and a meeting. */
export function throughEveryStage(): Dispute {
  let d = raised();
  d = run(d, people.alex, uk('2026-12-24T16:45'), { kind: 'record-account', account: { position: 'Tier 4 indicators present', indicators: ['Neglect'], impact: 'Missed medical appointments', evidence: 'Attendance log' } });
  d = run(d, people.sam, uk('2026-12-29T09:00'), { kind: 'record-account', account: { position: 'Below threshold for statutory services', indicators: [], impact: 'Low', evidence: 'Home visit' } });
  d = run(d, people.alex, uk('2026-12-29T10:00'), { kind: 'record-conversation', record: { id: 'r1', heldAt: uk('2026-12-29T09:30').toISOString(), participants: 'Alex Morgan, Sam Taylor', discussed: 'Attendance and health appointments', agreed: 'Nothing' } });
  d = expire(d);
  d = run(d, people.jo, uk('2026-12-30T11:00'), { kind: 'manager-disagrees', view: 'I think the threshold is met' });
  d = expire(d);
  d = run(d, people.dan, uk('2027-01-04T10:00'), { kind: 'convene-meeting', at: uk('2027-01-05T10:00').toISOString(), location: 'Civic Centre room 2', attendees: [people.dan, people.chris, people.alex, people.sam, people.priya, people.jo] });
  d = expire(d);
  return run(d, people.chris, uk('2027-01-06T10:00'), { kind: 'approve-escalation', fromStage: 3, reason: 'A question of policy only the panel can settle' });
}

const police = () => ({ sides: { raiser: side(people.alex, 'Police', [people.priya], [people.dan]), respondent: side(people.sam, 'Children\'s Social Care', [people.jo], [people.chris]) } });

/** A partnership's quarter: ten disputes raised in December 2026, two in November outside it. */
export function seededQuarter(): Dispute[] {
  const out: Dispute[] = [];
  for (let i = 0; i < 3; i++) {
    // School with social care, agreed at Stage 1.
    let d = raised({}, uk(`2026-12-0${i + 1}T10:00`));
    d = run(d, people.alex, uk(`2026-12-0${i + 1}T15:00`), { kind: 'propose-outcome', outcome: 'Early help', outstandingIssues: '', actions: [], howPursued: '' });
    d = run(d, people.sam, uk(`2026-12-0${i + 1}T15:30`), { kind: 'confirm-outcome' });
    d = run(d, people.alex, uk(`2026-12-0${i + 1}T16:00`), { kind: 'record-themes', themes: ['thresholds'] });
    out.push(d);
  }
  for (let i = 0; i < 2; i++) out.push(expire(raised({}, uk(`2026-12-1${i}T10:00`)))); // on to Stage 2 on time, still open
  for (let i = 0; i < 2; i++) out.push(run(raised({}, uk(`2026-12-1${i + 4}T10:00`)), people.alex, uk(`2026-12-1${i + 4}T12:00`), { kind: 'withdraw', reason: 'Resolved by phone' }));
  for (let i = 0; i < 3; i++) {
    // Police with social care: through Stage 3; one referral approved a day after Stage 3 ran out.
    let d = expire(expire(raised(police(), uk(`2026-12-0${i + 7}T10:00`))));
    if (i === 0) {
      d = expire(d);
      const due = d.status === 'closed' ? '' : d.stages.at(-1)!.due!;
      d = run(d, people.chris, new Date(new Date(due).getTime() + 24 * 3_600_000), { kind: 'approve-escalation', fromStage: 3, reason: 'Policy question' });
    }
    out.push(d);
  }
  out.push(raised({}, uk('2026-11-20T10:00')), raised(police(), uk('2026-11-25T10:00')));
  return out;
}

/** A dispute as the store keeps its head (indexes and summary derived), under the id given, with nothing sent yet. */
export function storedHead(state: Dispute, id: string, tenantId = 't'): DisputeDocument {
  return withIndexes({ id, type: 'dispute', state: { ...state, id }, sealed: NO_SEAL, outbox: [], origin: { serviceUrl: 'x', tenantId } });
}
