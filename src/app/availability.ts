import type { Availability, PersonRef } from '../domain/dispute';
import type { Directory } from '../directory/partnership-directory';
import type { AbsenceStore } from '../store/absence-store';

/** Outlook's automatic replies for a person, where Microsoft Graph is the manager source. */
export type OutlookAway = (person: PersonRef, now: Date) => Promise<{ away: boolean; until?: string } | undefined>;

/**
 * Who is away and who covers, as of now, for the people a command may bring in: the absences
 * people recorded ("away"), the directory's standing deputies, and (with Graph) Outlook's
 * automatic replies. Read once per command, before it is decided; the decision stays pure.
 */
export async function availabilityFor(people: PersonRef[], now: Date, absences: AbsenceStore, directory: Directory, outlook?: OutlookAway): Promise<Availability> {
  const recorded = await absences.current(now);
  const ids = (p: PersonRef) => [p.id, p.aadObjectId].filter(Boolean);
  const outlookAway = new Map<string, { away: boolean; until?: string } | undefined>();
  if (outlook) await Promise.all(people.map(async (p) => outlookAway.set(p.id, await outlook(p, now))));
  return (person, at) => {
    const deputy = directory.deputy(person.id) ?? (person.aadObjectId ? directory.deputy(person.aadObjectId) : undefined);
    const absence = recorded.find((a) => ids(person).includes(a.id) && a.from <= at.toISOString() && at.toISOString() < a.until);
    if (absence) return { away: true, until: absence.until, ...((absence.cover ?? deputy) ? { cover: absence.cover ?? deputy } : {}) };
    const automatic = outlookAway.get(person.id);
    if (automatic?.away) return { away: true, ...(automatic.until ? { until: automatic.until } : {}), ...(deputy ? { cover: deputy } : {}) };
    return deputy ? { away: false, cover: deputy } : undefined;
  };
}
