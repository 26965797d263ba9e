import { readable, STORED_SCHEMA } from './schema';
import type { Container } from '@azure/cosmos';
import type { Instant, PersonRef } from '../domain/dispute';
import { storeCall } from '../telemetry';

/** A person's absence, as they recorded it from their personal chat ("away"). One per person. */
export interface Absence {
  /** From the person's key (see absenceId): one absence per person, a new one replaces the last. */
  id: string;
  type: 'absence';
  person: PersonRef;
  from: Instant;
  /** The start of the day after the last day away: the absence runs up to, not including, this moment. */
  until: Instant;
  /** The last day away as the person entered it (ISO date), shown as they typed it. */
  lastDay?: string;
  cover?: PersonRef;
  recordedAt: Instant;
  /** The shape it was stored in (schema.ts); absent: 1. */
  schema?: number;
  /** Seconds Cosmos DB keeps it: until 30 days after the absence ends. */
  ttl?: number;
}

/** The id of a person's absence (Cosmos DB ids may not hold "/"). */
export const absenceId = (person: PersonRef): string => `absence:${person.key.replace('/', ':')}`;

/** Kept 30 days past its end, then Cosmos DB deletes it. */
const KEPT_AFTER_SECONDS = 30 * 86_400;

/** Absences in the `people` container. Read once per command that may bring people in. */
export class AbsenceStore {
  constructor(private readonly container: Container) {}

  record(absence: Absence): Promise<void> {
    return storeCall('store.write', { 'store.item': 'absence' }, async () => {
      const ttl = Math.max(60, Math.ceil((new Date(absence.until).getTime() - Date.now()) / 1000) + KEPT_AFTER_SECONDS);
      await this.container.items.upsert({ ...absence, schema: STORED_SCHEMA, ttl });
    });
  }

  /** The person's absence still to end, if any. */
  mine(person: PersonRef, now: Date): Promise<Absence | undefined> {
    const personId = absenceId(person);
    return storeCall('store.read', { 'store.item': 'absence' }, async () => {
      try {
        const { resource } = await this.container.item(personId, personId).read<Absence>();
        return resource && readable(resource, 'Your absence').until > now.toISOString() ? resource : undefined;
      } catch (error) {
        if ((error as { code?: number }).code === 404) return undefined;
        throw error;
      }
    });
  }

  /** "I'm back": the absence ends now. */
  end(person: PersonRef): Promise<void> {
    const personId = absenceId(person);
    return storeCall('store.write', { 'store.item': 'absence' }, async () => {
      try {
        await this.container.item(personId, personId).delete();
      } catch (error) {
        if ((error as { code?: number }).code !== 404) throw error;
      }
    });
  }

  /** Every absence not yet over, for the people a command may bring in. */
  current(now: Date): Promise<Absence[]> {
    return storeCall('store.query', { 'store.query': 'absences' }, async () => {
      const { resources } = await this.container.items
        .query<Absence>({ query: "SELECT * FROM c WHERE c.type = 'absence' AND c.until > @now", parameters: [{ name: '@now', value: now.toISOString() }] })
        .fetchAll();
      return resources.map((a) => readable(a, 'An absence'));
    });
  }
}
