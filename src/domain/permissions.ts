import type { Actor, Dispute, PersonRef } from './dispute';
import type { Refusal } from './messages';
import { bodyTitle, isLastLevel, levelAt, PeopleSpec, Protocol, rungKeys, rungPlural, rungTitle, StageNumber } from './protocol';
import { canSeeDetails, everyoneInvolved, includes, isSecretariat, leadsOf, managersAt, requiredConfirmers, resolvePeople, unique } from './roles';

/**
 * Who holds which part in a dispute, read from the dispute and the protocol it carries; none of
 * it names a level by number. Each command's rule (src/commands) is built from these.
 */


/** The people a protocol names, in words a card can show ("the senior managers"). */
export function describePeople(protocol: Protocol, spec: PeopleSpec, stage: StageNumber): string {
  const whose = (sides: string[] | undefined) => (sides?.length === 1 ? (sides[0] === 'raiser' ? 'the raising professional\'s ' : 'the other professional\'s ') : '');
  switch (spec.who) {
    case 'professionals':
      return spec.sides?.length === 1 ? (spec.sides[0] === 'raiser' ? 'the professional who raised it' : 'the other professional') : 'the two professionals';
    case 'chain':
      return spec.sides?.length === 1 ? `${whose(spec.sides)}${rungTitle(protocol, spec.rung)}` : `the ${rungPlural(protocol, spec.rung)}`;
    case 'body':
      return bodyTitle(protocol, spec.body);
    case 'previous-lead':
      return stage > 1 ? describePeople(protocol, levelAt(protocol, stage - 1).lead, stage - 1) : 'nobody';
  }
}

/** A professional's own first manager: who decides their request to move on from a level the professionals lead. */
function ownManager(dispute: Dispute, side: 'raiser' | 'respondent'): PersonRef[] {
  const first = rungKeys(dispute.protocol)[0];
  return first ? managersAt(dispute, side, first) : [];
}

/**
 * Who may move the dispute on from its level now, and in whose words. The next level's entry
 * decides: its approvers; the professionals, where it is entered on request; where the clock
 * enters it, the current level's leads, or (where the professionals lead it) the manager of
 * the professional who asked.
 */
export function movers(dispute: Dispute): { people: PersonRef[]; who: string } {
  const protocol = dispute.protocol;
  if (isLastLevel(protocol, dispute.stage)) return { people: [], who: 'nobody' };
  const next = dispute.stage + 1;
  const entry = levelAt(protocol, next).entry;
  if (entry.by === 'approval') return { people: resolvePeople(dispute, entry.approvers, next), who: describePeople(protocol, entry.approvers, next) };
  if (entry.by === 'request') return { people: resolvePeople(dispute, { who: 'professionals' }, next), who: 'the two professionals' };
  const current = levelAt(protocol, dispute.stage);
  if (current.lead.who !== 'professionals') return { people: leadsOf(dispute, dispute.stage), who: describePeople(protocol, current.lead, dispute.stage) };
  const request = dispute.escalationRequest;
  return { people: request ? ownManager(dispute, request.side) : [], who: 'the manager of the professional who asked to escalate' };
}

/** Who is asked to decide a professional's request to escalate. */
export function requestDeciders(dispute: Dispute, side: 'raiser' | 'respondent'): PersonRef[] {
  const protocol = dispute.protocol;
  const next = dispute.stage + 1;
  const current = levelAt(protocol, dispute.stage);
  if (levelAt(protocol, next).entry.by === 'timer' && current.lead.who === 'professionals') return ownManager(dispute, side);
  return movers(dispute).people;
}

/** Who records the decision that closes the dispute at its current level, if anyone. */
export function deciders(dispute: Dispute): PersonRef[] {
  const spec = levelAt(dispute.protocol, dispute.stage).decidedBy;
  return spec ? resolvePeople(dispute, spec, dispute.stage) : [];
}

/** Who may convene a meeting at the current level. */
export function conveners(dispute: Dispute): PersonRef[] {
  const level = levelAt(dispute.protocol, dispute.stage);
  if (level.meeting === 'none') return [];
  return [...leadsOf(dispute, dispute.stage), ...deciders(dispute)];
}

/** Whom a meeting at the current level brings together: those the protocol invites, else everyone involved. */
export function invitees(dispute: Dispute): PersonRef[] {
  const invite = levelAt(dispute.protocol, dispute.stage).invite;
  return invite ? unique(invite.flatMap((spec) => resolvePeople(dispute, spec, dispute.stage))) : everyoneInvolved(dispute);
}

/** Who may pass over a level. */
export function skippers(dispute: Dispute, stage: StageNumber): PersonRef[] {
  const spec = levelAt(dispute.protocol, stage).skip;
  return spec ? resolvePeople(dispute, spec, stage) : [];
}

/** A rule a command's own rule may use: null when the person may act, else the refusal they are told. */
export type Rule = (dispute: Dispute, actor: Actor) => Refusal | null;

const no = (message: string): Refusal => ({ code: 'not-allowed', message });

/** Anyone the details are shown to: the parties, their managers and those the dispute has reached. */
export const entitled: Rule = (d, a) => (canSeeDetails(d, a) ? null : no('Only the parties, their managers and those the dispute has reached can do this.'));
/** Those who must confirm an agreed outcome. */
export const confirmer = (message: string): Rule => (d, a) => (includes(requiredConfirmers(d), a) ? null : no(message));
/** The partnership's secretariat, for the protocol the dispute carries. */
export const secretariat: Rule = (d, a) => (isSecretariat(d, a) ? null : no('Only the partnership secretariat places or lifts a legal hold.'));
