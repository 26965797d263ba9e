import { Container, ErrorResponse } from '@azure/cosmos';

interface SequenceDocument {
  id: string;
  last: number;
  _etag?: string;
}

const status = (error: unknown): number | undefined => (error as ErrorResponse | undefined)?.code as number | undefined;

/**
 * Dispute references such as PD-2026-0042: one counter document per prefix and year,
 * advanced with an etag-conditional write so two instances never hand out the same number.
 */
export class ReferenceSequence {
  constructor(private readonly container: Container, private readonly prefix: string) {}

  async next(year: number): Promise<string> {
    const id = `${this.prefix}-${year}`;
    for (let attempt = 0; attempt < 20; attempt++) {
      let current: SequenceDocument | undefined;
      try {
        current = (await this.container.item(id, id).read<SequenceDocument>()).resource ?? undefined;
      } catch (error) {
        if (status(error) !== 404) throw error;
      }
      try {
        if (!current) {
          await this.container.items.create<SequenceDocument>({ id, last: 1 });
          return this.format(year, 1);
        }
        const last = current.last + 1;
        await this.container.item(id, id).replace({ id, last }, { accessCondition: { type: 'IfMatch', condition: current._etag! } });
        return this.format(year, last);
      } catch (error) {
        if (status(error) !== 409 && status(error) !== 412) throw error;
      }
    }
    throw new Error(`Could not take a reference number for ${id}: too much contention`);
  }

  private format(year: number, n: number): string {
    return `${this.prefix}-${year}-${String(n).padStart(4, '0')}`;
  }
}
