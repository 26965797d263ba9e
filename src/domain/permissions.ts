import type { Actor, Dispute, PersonRef, Role } from './dispute';
import type { CommandKind, Refusal } from './messages';
import { bodyTitle, isLastLevel, levelAt, levelName, PeopleSpec, Protocol, rungKeys, rungPlural, rungTitle, StageNumber } from './protocol';
import { canSeeDetails, includes, isSecretariat, leadsOf, managersAt, managersInvolved, requiredConfirmers, resolvePeople } from './roles';

/**
 * Who may do what, in one place. Every rule reads the dispute and the protocol it carries;
 * none names a level by number. A rule answers null when the person may act, else the refusal
 * they are told: not allowed (someone else's to do), or wrong-state (nobody's at this level).
 */

const isParty = (role: Role): role is Extract<Role, { kind: 'party' }> => role.kind === 'party';
const isManager = (role: Role): role is Extract<Role, { kind: 'manager' }> => role.kind === 'manager';

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

/** Who may pass over a level. */
export function skippers(dispute: Dispute, stage: StageNumber): PersonRef[] {
  const spec = levelAt(dispute.protocol, stage).skip;
  return spec ? resolvePeople(dispute, spec, stage) : [];
}

type Rule = (dispute: Dispute, actor: Actor) => Refusal | null;

const no = (message: string): Refusal => ({ code: 'not-allowed', message });
const notHere = (message: string): Refusal => ({ code: 'wrong-state', message });

const entitled: Rule = (d, a) => (canSeeDetails(d, a) ? null : no('Only the parties, their managers and those the dispute has reached can do this.'));
const party = (message: string): Rule => (_d, a) => (isParty(a.role) ? null : no(message));
const confirmer = (message: string): Rule => (d, a) => (includes(requiredConfirmers(d), a) ? null : no(message));
const secretariat: Rule = (d, a) => (isSecretariat(d, a) ? null : no('Only the partnership secretariat places or lifts a legal hold.'));
const among = (people: (d: Dispute) => PersonRef[], message: (d: Dispute) => string): Rule => (d, a) => (includes(people(d), a) ? null : no(message(d)));

/**
 * The rule for each command a person gives. The clock's own command and raising are checked
 * where they are decided; escalation is checked after the level the card showed (a repeat finds it done).
 */
export const WHO: { [K in Exclude<CommandKind, 'raise' | 'deadline-reached'>]: Rule } = {
  'record-account': party('Only the two professionals record an account.'),
  'record-conversation': entitled,
  'request-escalation': party('Only the two professionals can ask to escalate; managers escalate from their card.'),
  'approve-escalation': among(
    (d) => movers(d).people,
    (d) => (isLastLevel(d.protocol, d.stage)
      ? `This dispute is at its last level (${levelName(d.protocol, d.stage)}).`
      : `Only ${movers(d).who} can move this dispute to ${levelName(d.protocol, d.stage + 1)}.`),
  ),
  'decline-escalation': among((d) => movers(d).people, (d) => `Only ${movers(d).who} decide whether this dispute moves on.`),
  'manager-disagrees': (d, a) => {
    if (!isManager(a.role)) return no('Only a manager can record that they disagree with their own practitioner.');
    return includes(managersInvolved(d), a) ? null : notHere('You are brought into this dispute when it reaches your level; your view is recorded from then.');
  },
  'convene-meeting': (d, a) => {
    const level = levelAt(d.protocol, d.stage);
    if (level.meeting === 'none') return notHere(`No meeting is convened at ${levelName(d.protocol, d.stage)}.`);
    return includes(conveners(d), a) ? null : no(`Only ${describePeople(d.protocol, level.lead, d.stage)} convene the meeting at this level.`);
  },
  'propose-outcome': confirmer('Only the professionals and the managers involved propose the agreed outcome.'),
  'confirm-outcome': confirmer('Only the professionals and the managers involved confirm the outcome.'),
  'request-changes': confirmer('Only the professionals and the managers involved can ask for changes.'),
  'record-decision': (d, a) => {
    const spec = levelAt(d.protocol, d.stage).decidedBy;
    if (!spec) return notHere(`Nobody records a decision at ${levelName(d.protocol, d.stage)}: an agreed outcome closes it.`);
    return includes(deciders(d), a) ? null : no(`Only ${describePeople(d.protocol, spec, d.stage)} record the decision at this level.`);
  },
  withdraw: (_d, a) => (isParty(a.role) && a.role.side === 'raiser' ? null : no('Only the professional who raised the disagreement can withdraw it.')),
  'declare-immediate-risk': entitled,
  'stand-down-immediate-risk': (_d, a) => (isManager(a.role) ? null : no('Only a manager involved in this dispute can record that the immediate risk has been dealt with.')),
  'set-protective-deadline': entitled,
  'decide-conference-request': (_d, a) =>
    (isParty(a.role) || isManager(a.role)) && a.role.side === 'respondent' ? null : no('Children\'s Social Care (the professional asked, or their manager) decides the request.'),
  'name-manager': party('Each professional names their own manager.'),
  'record-themes': party('The two professionals pick the themes.'),
  // "I've seen this" is for the people a level brings in; the professionals who lead a level are already in it.
  acknowledge: (d, a) => {
    const lead = levelAt(d.protocol, d.stage).lead;
    if (lead.who !== 'chain' && lead.who !== 'body') return notHere(`Nobody is brought in at ${levelName(d.protocol, d.stage)}: the people who lead it are already in it, so nobody needs to say they have seen it.`);
    return includes(leadsOf(d, d.stage), a) ? null : no(`Only ${describePeople(d.protocol, lead, d.stage)} say they have seen it at this level.`);
  },
  'place-legal-hold': secretariat,
  'lift-legal-hold': secretariat,
  'refer-outside': (d, a) => {
    const referral = d.protocol.outsideReferral;
    if (!referral) return notHere('This protocol has no referral outside the ladder.');
    return includes(resolvePeople(d, referral.by, d.stage), a) ? null : no(`Only ${describePeople(d.protocol, referral.by, d.stage)} can refer this to ${referral.to}.`);
  },
};

/** Whether a person may give a command, by the rule above. */
export function mayDo(kind: keyof typeof WHO, dispute: Dispute, actor: Actor): Refusal | null {
  return WHO[kind](dispute, actor);
}
