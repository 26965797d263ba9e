import { DateTime } from 'luxon';
import type { Availability, PersonRef } from '../domain/dispute';
import { samePerson } from '../domain/person';
import { coverRules } from './cover-rules';
import type { Directory } from '../directory/partnership-directory';
import type { AbsenceStore } from '../store/absence-store';

/** Outlook's automatic replies for a person, where Microsoft Graph is the manager source. */
export type OutlookAway = (person: PersonRef, now: Date) => Promise<{ away: boolean; until?: string } | undefined>;

/** The UK day before an absence's end (older absences kept only the end). */
function lastDayBefore(until: string): string {
  return DateTime.fromISO(until, { zone: 'Europe/London' }).minus({ days: 1 }).toISODate()!;
}

/**
 * Who is away and who covers, as of now, for the people a command may bring in: the absences
 * people recorded ("away"), the directory's standing deputies, and (with Graph) Outlook's
 * automatic replies. Read once per command, before it is decided; the decision stays pure.
 */
export async function availabilityFor(people: PersonRef[], now: Date, absences: AbsenceStore, directory: Directory, chain: readonly string[], outlook?: OutlookAway): Promise<Availability> {
  const recorded = await absences.current(now);
  const outlookAway = new Map<string, { away: boolean; until?: string } | undefined>();
  if (outlook) await Promise.all(people.map(async (p) => outlookAway.set(p.key, await outlook(p, now))));
  return (person, at) => {
    // A cover or deputy the rules no longer allow (a directory changed since) is nobody: the next tier comes in instead.
    const rules = coverRules(directory, chain, person);
    const allowed = (p: PersonRef | undefined) => (p && !rules.check(directory.entryOf(p)) ? p : undefined);
    const deputy = allowed(directory.deputy(person));
    const absence = recorded.find((a) => samePerson(a.person, person) && a.from <= at.toISOString() && at.toISOString() < a.until);
    const cover = allowed(absence?.cover) ?? deputy;
    if (absence) return { away: true, until: absence.until, lastDay: absence.lastDay ?? lastDayBefore(absence.until), ...(cover ? { cover } : {}) };
    const automatic = outlookAway.get(person.key);
    if (automatic?.away) return { away: true, ...(automatic.until ? { until: automatic.until } : {}), ...(deputy ? { cover: deputy } : {}) };
    return deputy ? { away: false, cover: deputy } : undefined;
  };
}
