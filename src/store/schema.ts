/**
 * The shape of the items this version stores. Every item it writes carries `schema`; an item
 * without one is in the first shape (1). Items of an older shape are read in today's (see
 * legacy-people.ts); an item of a newer shape, written by a later version of the bot, is never
 * read as if it were today's: the bot refuses it and says what to do, and changes nothing.
 *
 * Shapes: 1, people named by a single id; 2 (since 0.2.0), people as tenant and Entra object id.
 */
export const STORED_SCHEMA = 2;

export class NewerSchemaError extends Error {
  constructor(readonly what: string, readonly schema: number) {
    super(`${what} was stored by a newer version of the bot (stored shape ${schema}; this version reads shapes up to ${STORED_SCHEMA}). Deploy that version, or a later one, again: this one changes nothing it cannot read.`);
    this.name = 'NewerSchemaError';
  }
}

/** The item, if this version can read its shape; otherwise a NewerSchemaError naming it. */
export function readable<T extends { schema?: number } | undefined>(item: T, what: string): T {
  const schema = item?.schema ?? 1;
  if (schema > STORED_SCHEMA) throw new NewerSchemaError(what, schema);
  return item;
}
