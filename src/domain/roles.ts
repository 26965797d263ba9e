import { levelAt, PeopleSpec, rungKeys, rungsUsed, StageNumber } from './protocol';
import { Dispute, PersonRef, Role, SIDES, SideName } from './dispute';

import { includes, unique } from './person';

export { includes, samePerson, unique } from './person';

export const otherSide = (side: SideName): SideName => (side === 'raiser' ? 'respondent' : 'raiser');

export function parties(dispute: Dispute): PersonRef[] {
  return SIDES.map((s) => dispute.sides[s].professional);
}

/** Levels the dispute has reached so far, by position (skipped levels are not reached). */
export function reached(dispute: Dispute): StageNumber[] {
  return [...new Set(dispute.stages.map((s) => s.stage))];
}

/**
 * One agency's managers at a rung. Where its chain is exhausted at that rung, the protocol has
 * the most senior person escalate to the next tier: its nearest rung above carries it, else the
 * nearest below.
 */
export function managersAt(dispute: Dispute, side: SideName, rung: string): PersonRef[] {
  const keys = rungKeys(dispute.protocol);
  const at = keys.indexOf(rung);
  const chain = dispute.sides[side].managers;
  const order = [...keys.slice(at), ...keys.slice(0, at).reverse()];
  for (const key of order) {
    const people = chain[key] ?? [];
    if (people.length) return people;
  }
  return [];
}

/** The people a protocol names, in this dispute; `previous` is the level before, for "previous-lead". */
export function resolvePeople(dispute: Dispute, spec: PeopleSpec, stage: StageNumber): PersonRef[] {
  switch (spec.who) {
    case 'professionals':
      return (spec.sides ?? SIDES).map((side) => dispute.sides[side].professional);
    case 'chain':
      return unique((spec.sides ?? SIDES).flatMap((side) => managersAt(dispute, side, spec.rung)));
    case 'body':
      return [...(dispute.bodies[spec.body] ?? [])];
    case 'previous-lead':
      return stage > 1 ? leadsOf(dispute, stage - 1) : [];
  }
}

/** Who leads a level: the people brought in when the dispute reaches it. */
export function leadsOf(dispute: Dispute, stage: StageNumber): PersonRef[] {
  return resolvePeople(dispute, levelAt(dispute.protocol, stage).lead, stage);
}

/** Everyone in either agency's management chain, at the rungs the dispute's ladder brings in. */
export function allManagers(dispute: Dispute): PersonRef[] {
  const rungs = rungsUsed(dispute.protocol);
  return unique(SIDES.flatMap((side) => rungs.flatMap((rung) => dispute.sides[side].managers[rung] ?? [])));
}

/** Who led or decides the levels the dispute has reached, where the protocol names them as `who`. */
function broughtIn(dispute: Dispute, who: 'body' | 'chain'): PersonRef[] {
  return unique(
    reached(dispute).flatMap((stage) => {
      const level = levelAt(dispute.protocol, stage);
      return [level.lead, level.decidedBy].flatMap((spec) => (spec?.who === who ? resolvePeople(dispute, spec, stage) : []));
    }),
  );
}

/**
 * A person's role in this dispute. The closest tie wins: someone who is both a party and a
 * manager acts as the party. A member of a body leading the current level acts as that body
 * there (a senior manager who also sits on the secretariat, at the secretariat's level).
 */
export function roleOf(dispute: Dispute, person: PersonRef): Role {
  for (const side of SIDES) {
    if (includes([dispute.sides[side].professional], person)) return { kind: 'party', side };
  }
  const current = levelAt(dispute.protocol, dispute.stage);
  for (const spec of [current.lead, current.decidedBy]) {
    if (spec?.who === 'body' && includes(resolvePeople(dispute, spec, dispute.stage), person)) return { kind: 'member', body: spec.body };
  }
  for (const rung of rungKeys(dispute.protocol)) {
    for (const side of SIDES) {
      if (includes(dispute.sides[side].managers[rung] ?? [], person)) return { kind: 'manager', side, rung };
    }
  }
  for (const [body, members] of Object.entries(dispute.bodies)) {
    if (includes(members, person)) return { kind: 'member', body };
  }
  return { kind: 'outsider' };
}

/** Managers involved so far: those who led (or were brought in to decide) a level the dispute reached. */
export function managersInvolved(dispute: Dispute): PersonRef[] {
  const managers = allManagers(dispute);
  return broughtIn(dispute, 'chain').filter((p) => includes(managers, p));
}

/** Everyone who must confirm an agreed outcome: both parties and every manager involved. */
export function requiredConfirmers(dispute: Dispute): PersonRef[] {
  return unique([...parties(dispute), ...managersInvolved(dispute)]);
}

/**
 * Everyone entitled to see the dispute's details (user-specific views): the parties and their
 * managers throughout, a body's members once the dispute reaches a level that body leads or decides.
 */
export function entitledViewers(dispute: Dispute): PersonRef[] {
  return unique([...parties(dispute), ...allManagers(dispute), ...broughtIn(dispute, 'body')]);
}

/** Everyone involved now, for notices that close or change the dispute for all. */
export function everyoneInvolved(dispute: Dispute): PersonRef[] {
  return unique([...parties(dispute), ...managersInvolved(dispute), ...leadsOf(dispute, dispute.stage)]);
}

/** Who owes the next step now: the people a reminder goes to. */
export function owingNextStep(dispute: Dispute): PersonRef[] {
  if (levelAt(dispute.protocol, dispute.stage).lead.who === 'professionals') {
    const missing = SIDES.filter((side) => !dispute.accounts[side]).map((side) => dispute.sides[side].professional);
    if (missing.length) return missing;
  }
  return leadsOf(dispute, dispute.stage);
}

/** A member of the partnership secretariat (who places legal holds on any dispute). */
export function isSecretariat(dispute: Dispute, person: PersonRef): boolean {
  return includes(dispute.bodies.secretariat ?? [], person);
}

/** Whether a person may see the dispute's details now (see entitledViewers). */
export function canSeeDetails(dispute: Dispute, person: PersonRef): boolean {
  return includes(entitledViewers(dispute), person);
}
