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
export function coverRefusal(directory: Directory, chain: readonly string[], person: PersonRef, cover: DirectoryPerson | undefined): string | undefined {
  const me = directory.entryOf(person);
  const notYours = absenceRefusal(directory, chain, person);
  if (notYours || !me) return notYours;
  const mine = highestRung(directory, chain, me);
  if (!cover) return 'Choose who covers for you from the list.';
  if (samePerson(cover, me)) return 'Choose someone other than yourself to cover for you.';
  if (cover.agency !== me.agency) return `${cover.name} is in ${cover.agency}: choose a manager in ${me.agency} to cover for you.`;
  if (highestRung(directory, chain, cover) < mine) return `${cover.name} is not a manager at your level or above in ${me.agency}: choose one who is.`;
  return undefined;
}

/** Why a person may not record an absence with cover, or undefined when they may: they must be a manager in the directory. */
export function absenceRefusal(directory: Directory, chain: readonly string[], person: PersonRef): string | undefined {
  const me = directory.entryOf(person);
  if (!me) return 'Only people in the partnership directory record an absence here.';
  if (highestRung(directory, chain, me) < 0) return 'Cover is for the managers the protocol brings in; when you are away, your own manager is brought in as usual.';
  return undefined;
}

/** Everyone who may cover for a person, for the away card's list. */
export function eligibleCovers(directory: Directory, chain: readonly string[], person: PersonRef): DirectoryPerson[] {
  return directory.people().filter((p) => coverRefusal(directory, chain, person, p) === undefined);
}

/** The position in the chain of the highest rung a person holds; -1 for a practitioner. */
function highestRung(directory: Directory, chain: readonly string[], person: PersonRef): number {
  return Math.max(-1, ...directory.managerLevels(person, [...chain]).map((rung) => chain.indexOf(rung)));
}
