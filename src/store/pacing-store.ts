import type { Container, ErrorResponse } from '@azure/cosmos';
import { readable, STORED_SCHEMA } from './schema';

/**
 * The Teams sends every instance has made or reserved in the last half minute, by pacing key
 * (a conversation, a tenant): epoch milliseconds, oldest first. One small document, so that
 * instances share Teams' budget instead of each taking a fixed part of it.
 */
export interface PacingDocument {
  id: string;
  times: Record<string, number[]>;
  schema?: number;
  _etag?: string;
}

export interface PacingStore {
  read(): Promise<PacingDocument | undefined>;
  /** Write under the etag it was read with (create when it has none); undefined when someone else wrote first. */
  write(doc: PacingDocument): Promise<PacingDocument | undefined>;
}

const status = (error: unknown): number | undefined => (error as ErrorResponse | undefined)?.code as number | undefined;

/** The shared schedule in the `sequences` container, beside the reference counters (small documents every instance writes). */
export class CosmosPacingStore implements PacingStore {
  constructor(private readonly container: Container, private readonly id = 'teams-pacing') {}

  async read(): Promise<PacingDocument | undefined> {
    try {
      const { resource } = await this.container.item(this.id, this.id).read<PacingDocument>();
      return resource ? readable(resource, 'The shared Teams pacing document') : undefined;
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  async write(doc: PacingDocument): Promise<PacingDocument | undefined> {
    const body = { id: this.id, times: doc.times, schema: STORED_SCHEMA };
    try {
      if (!doc._etag) return (await this.container.items.create<PacingDocument>(body)).resource;
      return (await this.container.item(this.id, this.id).replace<PacingDocument>(body, { accessCondition: { type: 'IfMatch', condition: doc._etag } })).resource;
    } catch (error) {
      if (status(error) === 409 || status(error) === 412) return undefined;
      throw error;
    }
  }
}
