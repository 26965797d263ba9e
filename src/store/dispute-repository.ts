import { Container, ErrorResponse } from '@azure/cosmos';
import type { Dispute } from '../domain/dispute';
import type { DisputeEvent, Effect } from '../domain/messages';
import { entitledViewers } from '../domain/roles';
import type { DisputeDocument, OutboxItem } from './dispute-document';
import { extend } from './history-chain';

export class ConcurrencyError extends Error {}

const status = (error: unknown): number | undefined => (error as ErrorResponse | undefined)?.code as number | undefined;

/** Fields derived from the state, so queries never disagree with it. */
export function withIndexes(doc: Omit<DisputeDocument, 'status' | 'dueAt' | 'participantIds' | 'pendingEffects' | 'reference' | 'raisedAt' | 'closedAt'>): DisputeDocument {
  const state = doc.state;
  const viewers = entitledViewers(state).flatMap((p) => (p.aadObjectId ? [p.id, p.aadObjectId] : [p.id]));
  return {
    ...doc,
    reference: state.reference,
    raisedAt: state.raisedAt,
    status: state.status,
    // The next moment the scheduler must act: a reminder, or the deadline itself.
    dueAt: state.status === 'closed' ? (state.actionReminders?.[0]?.due ?? null) : (state.deadline.reminders?.[0] ?? state.deadline.due),
    participantIds: [...new Set(viewers)],
    pendingEffects: doc.outbox.filter((o) => !o.deliveredAt && !o.deadLetteredAt).length,
    ...(state.status === 'closed' ? { closedAt: state.closure.at } : {}),
  };
}

/** Append events and their effects to a document: one write keeps them together. */
export function appendDecision(doc: DisputeDocument, state: Dispute, events: DisputeEvent[], effects: Effect[], now: Date, newId: () => string): DisputeDocument {
  const outbox: OutboxItem[] = effects.map((effect) => ({ id: newId(), effect, createdAt: now.toISOString(), attempts: 0 }));
  return withIndexes({
    ...doc,
    state,
    history: extend(doc.history, events),
    outbox: [...doc.outbox, ...outbox],
  });
}

/** The dispute aggregate's repository: one document per dispute, optimistic concurrency by etag. */
export class DisputeRepository {
  /** @param retentionSeconds how long Cosmos DB keeps a closed dispute after its last write. */
  constructor(private readonly container: Container, private readonly retentionSeconds?: number) {}

  private withRetention(doc: DisputeDocument): DisputeDocument {
    if (!this.retentionSeconds || !doc.closedAt) return doc;
    return { ...doc, ttl: this.retentionSeconds };
  }

  async create(doc: DisputeDocument): Promise<DisputeDocument> {
    const { resource } = await this.container.items.create(this.withRetention(doc));
    return resource as DisputeDocument;
  }

  async load(id: string): Promise<DisputeDocument | undefined> {
    try {
      const { resource } = await this.container.item(id, id).read<DisputeDocument>();
      return resource ?? undefined;
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  /** Replace only if nobody wrote since `doc` was read; otherwise ConcurrencyError. */
  async replace(doc: DisputeDocument): Promise<DisputeDocument> {
    const { _etag, ...body } = this.withRetention(doc);
    try {
      const { resource } = await this.container.item(doc.id, doc.id).replace<DisputeDocument>(body as DisputeDocument, _etag ? { accessCondition: { type: 'IfMatch', condition: _etag } } : {});
      return resource as DisputeDocument;
    } catch (error) {
      if (status(error) === 412) throw new ConcurrencyError(`Dispute ${doc.id} changed since it was read`);
      throw error;
    }
  }

  /**
   * Read, change and write back, starting again from a fresh read whenever another writer
   * got there first. `change` returns undefined to write nothing. `read`, when the caller has
   * just read the document (with its etag), is used for the first attempt instead of reading
   * it again: the etag still guards the write.
   */
  async update<T>(
    id: string,
    change: (doc: DisputeDocument) => Promise<{ doc?: DisputeDocument; result: T }> | { doc?: DisputeDocument; result: T },
    attempts = 25,
    read?: DisputeDocument,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      // Writers that collided start again a moment apart, so many at once still all get through.
      if (attempt > 1) await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 5 * attempt)));
      const current = attempt === 1 && read?._etag ? read : await this.load(id);
      if (!current) throw new Error(`No dispute ${id}`);
      const { doc, result } = await change(current);
      if (!doc) return result;
      try {
        await this.replace(doc);
        return result;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= attempts) throw error;
      }
    }
  }

  async listForPerson(ids: string[], includeClosed = false): Promise<DisputeDocument[]> {
    const anyOf = ids.map((_, i) => `ARRAY_CONTAINS(c.participantIds, @id${i})`).join(' OR ');
    const { resources } = await this.container.items
      .query<DisputeDocument>({
        query: `SELECT * FROM c WHERE c.type = 'dispute' AND (${anyOf})${includeClosed ? '' : " AND c.status != 'closed'"} ORDER BY c.raisedAt DESC`,
        parameters: ids.map((value, i) => ({ name: `@id${i}`, value })),
      })
      .fetchAll();
    return resources;
  }

  /**
   * Disputes whose pending deadline has come, oldest first. An indexed range query on dueAt:
   * its cost follows the number of due disputes, not the number open.
   */
  async listDue(now: Date, limit = 100): Promise<{ id: string; dueAt: string }[]> {
    const { resources } = await this.container.items
      .query<{ id: string; dueAt: string }>({
        query: `SELECT TOP ${Math.floor(limit)} c.id, c.dueAt FROM c WHERE c.dueAt <= @now ORDER BY c.dueAt`,
        parameters: [{ name: '@now', value: now.toISOString() }],
      })
      .fetchAll();
    return resources;
  }

  async withPendingEffects(limit = 50): Promise<string[]> {
    const { resources } = await this.container.items
      .query<{ id: string }>({ query: `SELECT TOP ${Math.floor(limit)} c.id FROM c WHERE c.pendingEffects > 0` })
      .fetchAll();
    return resources.map((r) => r.id);
  }

  async findByReference(reference: string): Promise<DisputeDocument | undefined> {
    const { resources } = await this.container.items
      .query<DisputeDocument>({ query: 'SELECT * FROM c WHERE c.reference = @reference', parameters: [{ name: '@reference', value: reference }] })
      .fetchAll();
    return resources[0];
  }

  /**
   * Delete closed disputes past their retention. Azure's time-to-live does this on its own;
   * the embedded store and the emulator keep `ttl` without enforcing it, so the sweep does.
   */
  async purgeClosedBefore(cutoff: Date, limit = 100): Promise<number> {
    const { resources } = await this.container.items
      .query<{ id: string }>({ query: `SELECT TOP ${Math.floor(limit)} c.id FROM c WHERE c.closedAt < @cutoff`, parameters: [{ name: '@cutoff', value: cutoff.toISOString() }] })
      .fetchAll();
    for (const { id } of resources) {
      try {
        await this.container.item(id, id).delete();
      } catch (error) {
        if (status(error) !== 404) throw error;
      }
    }
    return resources.length;
  }

  /** Readiness: the store answers a cheap read. */
  async ping(): Promise<void> {
    await this.container.read();
  }
}
