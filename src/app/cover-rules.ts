import type { Directory, DirectoryPerson } from '../directory/partnership-directory';
import type { PersonRef } from '../domain/dispute';
import { samePerson } from '../domain/person';

/**
 * Who may stand in for a manager who is away: a manager of the same agency at the same rung of
 * the protocol's chain or above, never the person themself (the protocol's "more senior
 * managers" take over; a practitioner never acts as a manager). Whoever is named gets exactly
 * the rights of the role they cover; the decider also refuses a cover who is a party to the dispute.
 * `chain`: the protocol's rungs, lowest first.
 */
export interface CoverRules {
  /** Why the person may not record an absence with cover at all (not in the directory, not a manager), or undefined. */
  refusal?: string;
  /** Why this cover is not allowed for them, or undefined when it is. */
  check(cover: DirectoryPerson | undefined): string | undefined;
  /** Everyone who may cover for them, for the away card's list. */
  eligible(): DirectoryPerson[];
}

/** The rules for one person, with their entry and rung read once. */
export function coverRules(directory: Directory, chain: readonly string[], person: PersonRef): CoverRules {
  const me = directory.entryOf(person);
  const mine = me ? highestRung(directory, chain, me) : -1;
  const refusal = !me
    ? 'Only people in the partnership directory record an absence here.'
    : mine < 0
      ? 'Cover is for the managers the protocol brings in; when you are away, your own manager is brought in as usual.'
      : undefined;
  const check = (cover: DirectoryPerson | undefined): string | undefined => {
    if (refusal || !me) return refusal;
    if (!cover) return 'Choose who covers for you from the list.';
    if (samePerson(cover, me)) return 'Choose someone other than yourself to cover for you.';
    if (cover.agency !== me.agency) return `${cover.name} is in ${cover.agency}: choose a manager in ${me.agency} to cover for you.`;
    if (highestRung(directory, chain, cover) < mine) return `${cover.name} is not a manager at your level or above in ${me.agency}: choose one who is.`;
    return undefined;
  };
  return {
    ...(refusal ? { refusal } : {}),
    check,
    eligible: () => (refusal || !me ? [] : directory.people().filter((p) => p.agency === me.agency && check(p) === undefined)),
  };
}

/** The position in the chain of the highest rung a person holds; -1 for a practitioner. */
function highestRung(directory: Directory, chain: readonly string[], person: PersonRef): number {
  return Math.max(-1, ...directory.managerLevels(person, [...chain]).map((rung) => chain.indexOf(rung)));
}
