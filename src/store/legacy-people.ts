import type { Directory } from '../directory/partnership-directory';
import { ref } from '../directory/partnership-directory';
import type { PersonRef } from '../domain/dispute';
import { isGuid, personRef, unidentified } from '../domain/person';

/**
 * Stored items from before people were one identity (schema 1) named a person
 * `{ id, name, aadObjectId? }`: `id` the directory's id, or the `29:` id of whoever raised. They
 * are read in today's shape (schema 2), through the directory; sealed history entries keep
 * their stored bytes, so their seals still verify (see SealedEvent.sealedAs).
 */
export { STORED_SCHEMA as SCHEMA } from './schema';

interface LegacyPerson {
  id: string;
  name: string;
  aadObjectId?: string;
}

export type PeopleUpgrade = (legacy: LegacyPerson) => PersonRef;

/** A legacy person as today's: the directory's entry by its id or object id, else their object id in the partnership's tenant. */
export function peopleUpgrade(directory: Directory): PeopleUpgrade {
  const byObjectId = new Map(directory.people().map((p) => [p.aadObjectId, p]));
  return (legacy) => {
    const objectId = legacy.aadObjectId ?? (isGuid(legacy.id) ? legacy.id : undefined);
    const entry = directory.find(legacy.id) ?? (objectId ? byObjectId.get(objectId.toLowerCase()) : undefined);
    if (entry) return ref(entry);
    return objectId ? personRef(legacy.name, directory.tenantId(), objectId) : unidentified(legacy.name, directory.tenantId(), legacy.id);
  };
}

const PERSON_FIELDS = new Set(['id', 'name', 'aadObjectId']);

function isLegacyPerson(value: unknown): value is LegacyPerson {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.name === 'string' && Object.keys(v).every((k) => PERSON_FIELDS.has(k));
}

/** Fields that held people's ids as bare strings. */
const ID_LISTS = new Set(['confirmedBy']);
const ID_FIELDS = new Set(['confirmerId']);

/**
 * A stored value with every legacy person in today's shape, and the id lists that named them
 * (confirmations) as keys. People named only by id are matched to the people the value holds.
 */
export function upgradePeople<T>(value: T, upgrade: PeopleUpgrade): T {
  const byId = new Map<string, PersonRef>();
  const collect = (v: unknown): void => {
    if (isLegacyPerson(v)) byId.set(v.id, upgrade(v));
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  collect(value);
  const keyOf = (id: unknown) => (typeof id === 'string' ? (byId.get(id) ?? upgrade({ id, name: '' })).key : id);
  const rebuild = (v: unknown): unknown => {
    if (isLegacyPerson(v)) return byId.get(v.id)!;
    if (Array.isArray(v)) return v.map(rebuild);
    if (!v || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, ID_LISTS.has(k) && Array.isArray(x) ? x.map(keyOf) : ID_FIELDS.has(k) ? keyOf(x) : rebuild(x)]),
    );
  };
  return rebuild(value) as T;
}
