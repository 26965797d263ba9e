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

/**
 * How long this instance answers "who is away" from its last read. An absence recorded on
 * this instance is seen at once; one recorded on another instance within this time (a press
 * brings in the next tier instead of the cover at worst, and the card says who was brought in).
 */
export const ABSENCES_FRESH_MS = 30_000;

/**
 * Absences in the `people` container. Read by the commands that may bring people in, at most
 * once per ABSENCES_FRESH_MS per instance, and kept fresh in the background (`keepFresh`): a
 * press or a deadline costs no query of its own.
 */
export class AbsenceStore {
  private recent?: { at: number; since: number; absences: Promise<Absence[]> };
  /** Counts this instance's own changes: a read begun before one is not kept. */
  private generation = 0;

  constructor(private readonly container: Container, private readonly now: () => number = Date.now) {}

  /** This instance's changes are seen by its next read. */
  private forget(): void {
    this.recent = undefined;
    this.generation++;
  }

  /**
   * Read again every `everyMs` in the background, so that a command is answered from a copy
   * and never waits for the query (index.ts starts it with the bot; tests and the benchmark as
   * they need). A read that fails leaves the last copy, which `current` reads past once stale.
   * Returns the stop.
   */
  keepFresh(clock: () => Date, everyMs = ABSENCES_FRESH_MS / 2): () => void {
    const refresh = () => {
      const since = clock().getTime() - ABSENCES_FRESH_MS;
      const generation = this.generation;
      const read = { at: this.now(), since, absences: this.query(new Date(since)) };
      read.absences.then(
        () => {
          if (generation === this.generation && (!this.recent || this.recent.at < read.at)) this.recent = read;
        },
        () => undefined,
      );
    };
    refresh();
    const timer = setInterval(refresh, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  record(absence: Absence): Promise<void> {
    return storeCall('store.write', { 'store.item': 'absence' }, async () => {
      const ttl = Math.max(60, Math.ceil((new Date(absence.until).getTime() - Date.now()) / 1000) + KEPT_AFTER_SECONDS);
      await this.container.items.upsert({ ...absence, schema: STORED_SCHEMA, ttl });
      this.forget();
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
      this.forget();
    });
  }

  /** Every absence not yet over at `now`, for the people a command may bring in; read again once this instance's copy is ABSENCES_FRESH_MS old. */
  async current(now: Date): Promise<Absence[]> {
    // The copy holds every absence not over by `since`: it answers for any moment from then on.
    const fresh = this.recent && this.now() - this.recent.at < ABSENCES_FRESH_MS && now.getTime() >= this.recent.since ? this.recent : undefined;
    const since = now.getTime() - ABSENCES_FRESH_MS;
    const read = fresh ?? { at: this.now(), since, absences: this.query(new Date(since)) };
    if (!fresh) {
      this.recent = read;
      read.absences.catch(() => this.recent === read && this.forget());
    }
    return (await read.absences).filter((a) => a.until > now.toISOString());
  }

  private query(now: Date): Promise<Absence[]> {
    return storeCall('store.query', { 'store.query': 'absences' }, async () => {
      const { resources } = await this.container.items
        .query<Absence>({ query: "SELECT * FROM c WHERE c.type = 'absence' AND c.until > @now", parameters: [{ name: '@now', value: now.toISOString() }] })
        .fetchAll();
      return resources.map((a) => readable(a, 'An absence'));
    });
  }
}
