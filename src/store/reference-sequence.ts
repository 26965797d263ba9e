import { readable, STORED_SCHEMA } from './schema';
import { Container, ErrorResponse } from '@azure/cosmos';

interface SequenceDocument {
  id: string;
  last: number;
  /** The shape it was stored in (schema.ts); absent: 1. */
  schema?: number;
}

const status = (error: unknown): number | undefined => (error as ErrorResponse | undefined)?.code as number | undefined;

/**
 * Dispute references such as PD-2026-0042: one counter document per prefix and year,
 * advanced by the store itself with an atomic increment (a patch), so instances never hand
 * out the same number and never refuse a raise however many raise at once. A number is
 * never reused; a raise that fails after taking one leaves a gap.
 */
export class ReferenceSequence {
  constructor(private readonly container: Container, private readonly prefix: string) {}

  async next(year: number): Promise<string> {
    const id = `${this.prefix}-${year}`;
    for (let attempt = 0; ; attempt++) {
      try {
        const { resource } = await this.container.item(id, id).patch<SequenceDocument>([{ op: 'incr', path: '/last', value: 1 }]);
        return this.format(year, readable(resource!, 'The reference sequence').last);
      } catch (error) {
        if (status(error) !== 404 || attempt > 2) throw error;
      }
      try {
        // The year's first raise: start the counter; whoever loses this race increments it.
        await this.container.items.create<SequenceDocument>({ id, last: 0, schema: STORED_SCHEMA });
      } catch (error) {
        if (status(error) !== 409) throw error;
      }
    }
  }

  private format(year: number, n: number): string {
    return `${this.prefix}-${year}-${String(n).padStart(4, '0')}`;
  }
}
