/**
 * Who a person is. Teams names one person in several ways: a `29:` user id that differs for
 * every bot, an Entra object id, a directory's own id. The record keeps one: the person's
 * tenant and Entra object id, joined into a key. Everything that asks "is this the same
 * person?" asks `samePerson`; nothing else compares people's ids (a test checks the source).
 */
declare const PERSON_KEY: unique symbol;

/** "<tenant id>/<object id>", lower case. Made only by `personKey`. */
export type PersonKey = string & { readonly [PERSON_KEY]: true };

export interface PersonRef {
  key: PersonKey;
  name: string;
  /** The tenant the person signs in to Teams in (a guest: the partnership's; a shared-channel member: their own). */
  tenantId: string;
  /** Their Entra object id in that tenant. Empty for someone Teams did not identify (they can do nothing). */
  aadObjectId: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string has the shape of an Entra object or tenant id. */
export const isGuid = (value: string | undefined): value is string => typeof value === 'string' && GUID.test(value);

export function personKey(tenantId: string, aadObjectId: string): PersonKey {
  return `${tenantId.trim().toLowerCase()}/${aadObjectId.trim().toLowerCase()}` as PersonKey;
}

export function personRef(name: string, tenantId: string, aadObjectId: string): PersonRef {
  return { key: personKey(tenantId, aadObjectId), name, tenantId: tenantId.trim().toLowerCase(), aadObjectId: aadObjectId.trim().toLowerCase() };
}

/** The key of someone Teams sent without an object id: it matches nobody, so they are an outsider everywhere. */
export function unidentified(name: string, tenantId: string, teamsId: string): PersonRef {
  return { key: `${tenantId.toLowerCase()}/unidentified:${teamsId}` as PersonKey, name, tenantId: tenantId.toLowerCase(), aadObjectId: '' };
}

export const isIdentified = (p: PersonRef): boolean => p.aadObjectId !== '';

export function samePerson(a: PersonRef, b: PersonRef): boolean {
  // A value read from outside the type system without a key is nobody, not everybody without one.
  return typeof a.key === 'string' && a.key === b.key;
}

export function includes(people: readonly PersonRef[], person: PersonRef): boolean {
  return people.some((p) => samePerson(p, person));
}

/** Whether a key (as lists of confirmations keep it) is this person's. */
export function isKeyOf(key: PersonKey | string, person: PersonRef): boolean {
  return key === person.key;
}

export function unique<P extends PersonRef>(people: readonly P[]): P[] {
  const seen = new Set<string>();
  return people.filter((p) => (seen.has(p.key) ? false : (seen.add(p.key), true)));
}

/** The person as the record keeps them: without a role or anything else a caller added. */
export function bare(p: PersonRef): PersonRef {
  return { key: p.key, name: p.name, tenantId: p.tenantId, aadObjectId: p.aadObjectId };
}

/** The protocol clock, which acts for nobody. */
export const CLOCK: PersonRef = { key: 'system/protocol-clock' as PersonKey, name: 'Protocol clock', tenantId: '', aadObjectId: '' };
