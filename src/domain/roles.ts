import type { StageNumber } from './protocol';
import { Dispute, PersonRef, Role, SIDES, SideName } from './dispute';

export function samePerson(a: PersonRef, id: string): boolean {
  return a.id === id || (a.aadObjectId !== undefined && a.aadObjectId === id);
}

function includes(people: readonly PersonRef[], person: PersonRef): boolean {
  return people.some((p) => samePerson(p, person.id) || (person.aadObjectId !== undefined && samePerson(p, person.aadObjectId)));
}

/**
 * A person's role in this dispute. The closest tie wins: someone who is both a party and
 * listed as a manager acts as the party. At Stage 4 the board decides, so a senior manager
 * who is also on the secretariat acts as the secretariat there.
 */
export function roleOf(dispute: Dispute, person: PersonRef): Role {
  for (const side of SIDES) {
    if (includes([dispute.sides[side].professional], person)) return { kind: 'party', side };
  }
  if (dispute.stage === 4 && includes(dispute.secretariat, person)) return { kind: 'secretariat' };
  for (const side of SIDES) {
    if (includes(dispute.sides[side].firstLine, person)) return { kind: 'manager', side, level: 'first-line' };
  }
  for (const side of SIDES) {
    if (includes(dispute.sides[side].senior, person)) return { kind: 'manager', side, level: 'senior' };
  }
  if (includes(dispute.secretariat, person)) return { kind: 'secretariat' };
  return { kind: 'outsider' };
}

function unique(people: PersonRef[]): PersonRef[] {
  const seen = new Set<string>();
  return people.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
}

export function parties(dispute: Dispute): PersonRef[] {
  return SIDES.map((s) => dispute.sides[s].professional);
}

/**
 * Who is brought in at a stage, from both agencies. Where one agency's chain is exhausted
 * at that level, the protocol has its most senior person escalate to the other agency's
 * next tier, so the other side's people still carry the stage.
 */
export function peopleAtStage(dispute: Dispute, stage: StageNumber): PersonRef[] {
  const pick = (side: SideName): PersonRef[] => {
    const s = dispute.sides[side];
    if (stage === 1) return [s.professional];
    if (stage === 2) return s.firstLine.length ? s.firstLine : s.senior;
    if (stage === 3) return s.senior.length ? s.senior : s.firstLine;
    return [];
  };
  if (stage === 4) return [...dispute.secretariat];
  return unique(SIDES.flatMap(pick));
}

/** Managers involved so far: first-line from Stage 2, senior from Stage 3. */
export function managersInvolved(dispute: Dispute): PersonRef[] {
  const people: PersonRef[] = [];
  for (const side of SIDES) {
    if (dispute.stage >= 2) people.push(...dispute.sides[side].firstLine);
    if (dispute.stage >= 3) people.push(...dispute.sides[side].senior);
  }
  return unique(people);
}

/** Everyone who must confirm an agreed outcome: both parties and every manager involved. */
export function requiredConfirmers(dispute: Dispute): PersonRef[] {
  return unique([...parties(dispute), ...managersInvolved(dispute)]);
}

/**
 * Everyone entitled to see the dispute's details (user-specific views): the parties and
 * their managers throughout, the board secretariat once the dispute reaches Stage 4.
 */
export function entitledViewers(dispute: Dispute): PersonRef[] {
  const managers = SIDES.flatMap((s) => [...dispute.sides[s].firstLine, ...dispute.sides[s].senior]);
  const secretariat = dispute.stage === 4 ? dispute.secretariat : [];
  return unique([...parties(dispute), ...managers, ...secretariat]);
}

/** Who owes the next step now: the people a reminder goes to. */
export function owingNextStep(dispute: Dispute): PersonRef[] {
  if (dispute.stage === 1) {
    const missing = SIDES.filter((side) => !dispute.accounts[side]).map((side) => dispute.sides[side].professional);
    return missing.length ? missing : parties(dispute);
  }
  return peopleAtStage(dispute, dispute.stage);
}

/** Whether a person may see the dispute's details now (see entitledViewers). */
export function canSeeDetails(dispute: Dispute, person: PersonRef): boolean {
  return entitledViewers(dispute).some((p) => includes([p], person));
}
