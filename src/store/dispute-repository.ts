import { Container, ErrorResponse, JSONObject, OperationInput } from '@azure/cosmos';
import { PeopleUpgrade, SCHEMA, upgradePeople } from './legacy-people';
import { readable } from './schema';
import type { Dispute } from '../domain/dispute';
import { activeHold } from '../domain/dispute';
import { nextTimer } from '../domain/decider/timers';
import { DisputeSummary, summarize } from '../analytics/summary';
import type { DisputeEvent } from '../domain/messages';
import { entitledViewers } from '../domain/roles';
import { Delivery, DisputeDocument, EventItem, eventItemId, OutboxItem } from './dispute-document';
import { SealedEvent, sealAfter } from './history-chain';
import { storeCall } from '../telemetry';

export class ConcurrencyError extends Error {}

/** A change decided on the head this instance held, which the store's read did not confirm as current: nothing was written. */
export class NotConfirmed extends Error {}

export interface ApplyOptions {
  /** Attempts before a writer that keeps colliding gives up. */
  attempts?: number;
  /**
   * The head as the caller has just read it (with its etag), used for the first attempt
   * instead of reading it again: the etag still guards the write.
   */
  read?: DisputeDocument;
  /**
   * With `read` the head this instance held but has not yet had confirmed: the read that asks
   * the store whether it is current (If-None-Match), in flight while the change is decided. The
   * first attempt's outcome, written or not, stands only if that read answers with the very
   * head held; otherwise NotConfirmed, and the caller decides again on what it read.
   */
  confirming?: Promise<unknown>;
  /** Given each head being written once its request is on its way, to do work of its own while the store answers. */
  whileWriting?: (doc: DisputeDocument) => void;
}

const status = (error: unknown): number | undefined => (error as ErrorResponse | undefined)?.code as number | undefined;

/** Delivered and given-up items the head keeps (the newest of each), so an operator can see what went lately; older ones are dropped (the log has them). */
export const DELIVERED_KEPT = 20;

type Derived = 'status' | 'dueAt' | 'participantIds' | 'pendingEffects' | 'reference' | 'raisedAt' | 'closedAt' | 'disputeId' | 'legalHold' | 'summary';

/** Fields derived from the state, so queries never disagree with it. */
export function withIndexes(doc: Omit<DisputeDocument, Derived> & Partial<Pick<DisputeDocument, Derived>>): DisputeDocument {
  const state = doc.state;
  const viewers = entitledViewers(state).map((p) => p.key);
  const { closedAt: _closedAt, ...rest } = doc;
  return {
    ...rest,
    disputeId: doc.id,
    reference: state.reference,
    raisedAt: state.raisedAt,
    status: state.status,
    // The next moment the scheduler must act: a reminder, or the deadline itself.
    dueAt: nextTimer(state) ?? null,
    participantIds: [...new Set(viewers)],
    pendingEffects: doc.outbox.filter((o) => !o.deliveredAt && !o.deadLetteredAt).length,
    ...(state.status === 'closed' ? { closedAt: state.closure.at } : {}),
    legalHold: Boolean(activeHold(state)),
    summary: summarize(state),
  };
}

/** The outbox with the oldest delivered and given-up items dropped: what is pending always stays. */
export function trimDelivered(outbox: OutboxItem[]): OutboxItem[] {
  const oldest = (done: OutboxItem[]) => done.slice(0, Math.max(0, done.length - DELIVERED_KEPT)).map((o) => o.id);
  const dropped = new Set([...oldest(outbox.filter((o) => o.deliveredAt)), ...oldest(outbox.filter((o) => o.deadLetteredAt))]);
  return dropped.size ? outbox.filter((o) => !dropped.has(o.id)) : outbox;
}

/**
 * Append events and the messages they cause to a head: the new entries are sealed to the last
 * one and carried in `appended`, and the repository writes them with the head in one batch.
 */
export function appendDecision(doc: DisputeDocument, state: Dispute, events: DisputeEvent[], deliveries: Delivery[], now: Date, newId: () => string): DisputeDocument {
  const appended = [...(doc.appended ?? []), ...sealAfter(doc.sealed, events)];
  const outbox: OutboxItem[] = deliveries.map((delivery) => ({ id: newId(), delivery, createdAt: now.toISOString(), attempts: 0 }));
  const last = appended.at(-1);
  return withIndexes({
    ...doc,
    state,
    sealed: last ? { seq: last.seq, hash: last.hash } : doc.sealed,
    appended,
    outbox: trimDelivered([...doc.outbox, ...outbox]),
  });
}

const eventItem = (disputeId: string, entry: SealedEvent): EventItem => ({ id: eventItemId(disputeId, entry.seq), disputeId, type: 'event', schema: SCHEMA, seq: entry.seq, event: entry.event, prevHash: entry.prevHash, hash: entry.hash });

/**
 * Resolves once the store requests just made have gone: everything between the SDK's call and
 * a request reaching its socket is promise callbacks and next-tick work, which all run before
 * an immediate. Work done after it runs while the store is busy with them.
 */
export const requestsSent = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Run `work` while a write is in flight. `work` failing leaves the write alone (its caller does the work again after the write). */
async function besideWrite(writing: Promise<unknown>, work: () => void): Promise<void> {
  writing.catch(() => undefined); // awaited by the caller; not unhandled meanwhile
  await requestsSent();
  try {
    work();
  } catch {
    /* done again after the write */
  }
}

/** Heads an instance keeps as it last read or wrote them (about 20 KB each at most). */
export const HEADS_KEPT = 200;

/**
 * The heads this instance last read or wrote, newest last, so that a read can ask the store
 * for a head only if it has changed since (If-None-Match). Nothing is ever answered from here
 * without the store confirming the etag. Kept frozen where tests run (FREEZE_KEPT_HEADS=1), so
 * code that changed a head it was given (and with it the copy kept here) fails there.
 */
class KnownHeads {
  private readonly heads = new Map<string, DisputeDocument>();
  private readonly freeze = process.env.FREEZE_KEPT_HEADS === '1';
  constructor(private readonly limit: number) {}

  get(id: string): DisputeDocument | undefined {
    const head = this.heads.get(id);
    if (head) {
      // The least lately used goes first.
      this.heads.delete(id);
      this.heads.set(id, head);
    }
    return head;
  }

  keep(head: DisputeDocument): DisputeDocument {
    if (!head._etag) return head;
    this.heads.delete(head.id);
    this.heads.set(head.id, this.freeze ? deepFreeze(head) : head);
    // Map keeps insertion order: the first key is the least lately used.
    if (this.heads.size > this.limit) this.heads.delete(this.heads.keys().next().value!);
    return head;
  }

  forget(id: string): void {
    this.heads.delete(id);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The dispute aggregate's repository. A dispute is a partition: its head (state, last seal,
 * outbox) and one item per history entry. A change writes the head, guarded by its etag, and
 * the new entries, in one transactional batch: both are written or neither, so a crash loses
 * nothing and the history always ends where the head says it does.
 */
export class DisputeRepository {
  private readonly known: KnownHeads;

  /**
   * @param retentionSeconds how long a closed dispute is kept after it closed.
   * @param upgrade how people stored before schema 2 are read (see legacy-people.ts).
   */
  constructor(private readonly container: Container, private readonly retentionSeconds?: number, private readonly upgrade?: PeopleUpgrade, headsKept = HEADS_KEPT) {
    this.known = new KnownHeads(headsKept);
  }

  /** A head as stored, in today's shape. */
  private current(head: DisputeDocument): DisputeDocument {
    readable(head, `Dispute ${head.reference}`);
    if ((head.schema ?? 1) >= SCHEMA || !this.upgrade) return head;
    const { _etag, ...rest } = head;
    return { ...withIndexes(upgradePeople(rest, this.upgrade)), ...(_etag ? { _etag } : {}) };
  }

  private stored(doc: DisputeDocument): Omit<DisputeDocument, 'appended' | '_etag'> {
    const { appended: _appended, _etag, ttl: _ttl, ...rest } = doc;
    const body = { ...rest, schema: SCHEMA };
    // Azure's time-to-live is a backstop a week after the retention purge, which removes the
    // events too. A dispute on legal hold has none: it is kept until the hold is lifted.
    if (!this.retentionSeconds || !doc.closedAt || doc.legalHold) return body;
    return { ...body, ttl: this.retentionSeconds + 7 * 86_400 };
  }

  /**
   * Write a head and the entries it appended, in one batch. `create`: the dispute is new.
   * Returns the head as stored, with its new etag.
   */
  private commit(doc: DisputeDocument, create: boolean): Promise<DisputeDocument> {
    return storeCall('store.write', { 'dispute.id': doc.id, 'dispute.reference': doc.reference, 'store.events': doc.appended?.length ?? 0, 'store.create': create }, () => this.commitNow(doc, create));
  }

  private async commitNow(doc: DisputeDocument, create: boolean): Promise<DisputeDocument> {
    const head = this.stored(doc);
    const events = (doc.appended ?? []).map((e) => eventItem(doc.id, e));
    const first: OperationInput = create
      ? { operationType: 'Create', partitionKey: doc.id, resourceBody: head as unknown as JSONObject }
      : { operationType: 'Replace', partitionKey: doc.id, id: doc.id, resourceBody: head as unknown as JSONObject, ...(doc._etag ? { ifMatch: doc._etag } : {}) };
    const operations: OperationInput[] = [first, ...events.map((e): OperationInput => ({ operationType: 'Create', partitionKey: doc.id, resourceBody: e as unknown as JSONObject }))];
    let response;
    try {
      // Azure answers without the items written (the head would come back whole, to be parsed for nothing).
      response = await this.container.items.batch(operations, doc.id, { contentResponseOnWriteEnabled: false });
    } catch (error) {
      // The SDK reports a failed batch as an Error carrying only the service's message.
      if (/precondition|\b412\b/i.test((error as Error).message)) throw new ConcurrencyError(`Dispute ${doc.id} changed since it was read`);
      if (/conflict|\b409\b/i.test((error as Error).message)) throw Object.assign(new Error(`Dispute ${doc.id} already exists`), { code: 409 });
      throw error;
    }
    const results = response.result ?? [];
    const failed = results.find((r) => r.statusCode >= 400 && r.statusCode !== 424);
    if (failed?.statusCode === 412) throw new ConcurrencyError(`Dispute ${doc.id} changed since it was read`);
    if (failed) throw Object.assign(new Error(`The store refused a change to dispute ${doc.id} (${failed.statusCode})`), { code: failed.statusCode });
    const eTag = results[0]?.eTag;
    // Every write answers with its etag; without one, the head as stored is read rather than left unguarded.
    if (!eTag) {
      this.known.forget(doc.id);
      return (await this.load(doc.id)) ?? (head as DisputeDocument);
    }
    return this.known.keep({ ...(head as DisputeDocument), _etag: eTag });
  }

  create(doc: DisputeDocument): Promise<DisputeDocument> {
    return this.commit(doc, true);
  }

  /** The head this instance last read or wrote, as it was then: never an answer by itself (see ApplyOptions.confirming). */
  held(id: string): DisputeDocument | undefined {
    return this.known.get(id);
  }

  /**
   * The head as stored now. Where this instance holds the head it last read or wrote, the
   * store is asked for it only if its etag has changed since: "the response includes a body only
   * [if] the value in the database is different" (Get a Document, If-None-Match), and 304 Not
   * Modified otherwise. A head unchanged since this instance wrote it is not sent again.
   */
  load(id: string): Promise<DisputeDocument | undefined> {
    return storeCall('store.read', { 'dispute.id': id }, async (span) => {
      const known = this.known.get(id);
      try {
        const { resource, statusCode } = await this.container.item(id, id).read<DisputeDocument>(known?._etag ? { accessCondition: { type: 'IfNoneMatch', condition: known._etag } } : {});
        if (statusCode === 304 && known) return known;
        if (!resource) {
          this.known.forget(id);
          return undefined;
        }
        span.setAttribute('dispute.reference', resource.reference);
        return this.known.keep(this.current(resource));
      } catch (error) {
        if (status(error) !== 404) throw error;
        this.known.forget(id);
        return undefined;
      }
    });
  }

  /** Replace only if nobody wrote since `doc` was read; otherwise ConcurrencyError. Returns the head as stored. */
  replace(doc: DisputeDocument): Promise<DisputeDocument> {
    return this.commit(doc, false);
  }

  /**
   * Read, change and write back, starting again from a fresh read whenever another writer
   * got there first. `change` returns no doc to write nothing. Returns the result and the
   * head as written. See ApplyOptions for a head the caller has read, or holds unconfirmed.
   */
  async apply<T>(
    id: string,
    change: (doc: DisputeDocument) => Promise<{ doc?: DisputeDocument; result: T }> | { doc?: DisputeDocument; result: T },
    { attempts = 25, read, confirming, whileWriting }: ApplyOptions = {},
  ): Promise<{ result: T; written?: DisputeDocument }> {
    for (let attempt = 1; ; attempt++) {
      // Writers that collided start again a moment apart, so many at once still all get through.
      if (attempt > 2) await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 5 * attempt)));
      const current = attempt === 1 && read?._etag ? read : await this.load(id);
      if (!current) throw new Error(`No dispute ${id}`);
      const { doc, result } = await change(current);
      // Decided while the store was asked whether the head held is current: it stands only if it is.
      if (attempt === 1 && confirming && (await confirming.catch(() => undefined)) !== current) throw new NotConfirmed(`Dispute ${id} changed since this instance last read it`);
      if (!doc) return { result };
      try {
        const writing = this.replace(doc);
        if (whileWriting) await besideWrite(writing, () => whileWriting(doc));
        return { result, written: await writing };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= attempts) throw error;
      }
    }
  }

  /** A dispute's whole sealed history, in order: read only for the record, its export and verify. */
  history(id: string): Promise<SealedEvent[]> {
    return storeCall('store.history', { 'dispute.id': id }, () => this.historyNow(id));
  }

  private async historyNow(id: string): Promise<SealedEvent[]> {
    const { resources } = await this.container.items
      .query<EventItem>({ query: "SELECT * FROM c WHERE c.disputeId = @id AND c.type = 'event' ORDER BY c.seq", parameters: [{ name: '@id', value: id }] }, { partitionKey: id })
      .fetchAll();
    return resources.map(({ seq, event, prevHash, hash, schema }) => {
      readable({ schema }, `Entry ${seq} of a dispute's record`);
      if ((schema ?? 1) >= SCHEMA || !this.upgrade) return { seq, event, prevHash, hash };
      // Read in today's shape; sealed as it was stored, so its seal still verifies.
      return { seq, event: upgradePeople(event, this.upgrade), sealedAs: event, prevHash, hash };
    });
  }

  listForPerson(ids: readonly string[], includeClosed = false): Promise<DisputeDocument[]> {
    return storeCall('store.query', { 'store.query': 'for-person' }, () => this.listForPersonNow(ids, includeClosed));
  }

  private async listForPersonNow(ids: readonly string[], includeClosed: boolean): Promise<DisputeDocument[]> {
    const anyOf = ids.map((_, i) => `ARRAY_CONTAINS(c.participantIds, @id${i})`).join(' OR ');
    const { resources } = await this.container.items
      .query<DisputeDocument>({
        query: `SELECT * FROM c WHERE c.type = 'dispute' AND (${anyOf})${includeClosed ? '' : " AND c.status != 'closed'"} ORDER BY c.raisedAt DESC`,
        parameters: ids.map((value, i) => ({ name: `@id${i}`, value })),
      })
      .fetchAll();
    return resources.map((head) => this.current(head));
  }

  /**
   * Disputes whose pending deadline has come, oldest first. An indexed range query on dueAt:
   * its cost follows the number of due disputes, not the number open.
   */
  listDue(now: Date, limit = 100): Promise<{ id: string; dueAt: string }[]> {
    return storeCall('store.query', { 'store.query': 'due' }, () => this.listDueNow(now, limit));
  }

  private async listDueNow(now: Date, limit: number): Promise<{ id: string; dueAt: string }[]> {
    const { resources } = await this.container.items
      .query<{ id: string; dueAt: string }>({
        query: `SELECT TOP ${Math.floor(limit)} c.id, c.dueAt FROM c WHERE c.dueAt <= @now ORDER BY c.dueAt`,
        parameters: [{ name: '@now', value: now.toISOString() }],
      })
      .fetchAll();
    return resources;
  }

  withPendingEffects(limit = 50): Promise<string[]> {
    return storeCall('store.query', { 'store.query': 'pending-messages' }, () => this.withPendingEffectsNow(limit));
  }

  private async withPendingEffectsNow(limit: number): Promise<string[]> {
    const { resources } = await this.container.items
      .query<{ id: string }>({ query: `SELECT TOP ${Math.floor(limit)} c.id FROM c WHERE c.pendingEffects > 0` })
      .fetchAll();
    return resources.map((r) => r.id);
  }

  /**
   * The summaries of the disputes raised in a period, for the partnership's picture, handed on a
   * page (1,000) at a time: a projection (about half a kilobyte each, not the head) on the
   * indexed raisedAt, so neither the store nor the bot holds the whole period.
   */
  eachSummaryRaisedBetween(from: Date, to: Date, visit: (summary: DisputeSummary) => void): Promise<void> {
    return storeCall('store.query', { 'store.query': 'summaries' }, async () => {
      const pages = this.container.items
        .query<{ summary: DisputeSummary }>(
          { query: "SELECT c.summary FROM c WHERE c.type = 'dispute' AND c.raisedAt >= @from AND c.raisedAt < @to", parameters: [{ name: '@from', value: from.toISOString() }, { name: '@to', value: to.toISOString() }] },
          { maxItemCount: 1000 },
        )
        .getAsyncIterator();
      for await (const page of pages) for (const row of page.resources) if (row.summary) visit(row.summary);
    });
  }

  findByReference(reference: string): Promise<DisputeDocument | undefined> {
    return storeCall('store.query', { 'store.query': 'by-reference', 'dispute.reference': reference }, () => this.findByReferenceNow(reference));
  }

  private async findByReferenceNow(reference: string): Promise<DisputeDocument | undefined> {
    const { resources } = await this.container.items
      .query<DisputeDocument>({ query: "SELECT * FROM c WHERE c.type = 'dispute' AND c.reference = @reference", parameters: [{ name: '@reference', value: reference }] })
      .fetchAll();
    return resources[0];
  }

  /**
   * Delete closed disputes past their retention, with their history: the events first, the
   * head last, so an interrupted purge is finished by the next one. Azure's time-to-live on
   * the head is only a backstop.
   */
  purgeClosedBefore(cutoff: Date, limit = 100): Promise<number> {
    return storeCall('store.purge', {}, () => this.purgeNow(cutoff, limit));
  }

  private async purgeNow(cutoff: Date, limit: number): Promise<number> {
    const { resources } = await this.container.items
      .query<{ id: string }>({ query: `SELECT TOP ${Math.floor(limit)} c.id FROM c WHERE c.closedAt < @cutoff AND (NOT IS_DEFINED(c.legalHold) OR c.legalHold = false)`, parameters: [{ name: '@cutoff', value: cutoff.toISOString() }] })
      .fetchAll();
    for (const { id } of resources) {
      const { resources: items } = await this.container.items
        .query<{ id: string }>({ query: "SELECT c.id FROM c WHERE c.disputeId = @id AND c.type = 'event'", parameters: [{ name: '@id', value: id }] }, { partitionKey: id })
        .fetchAll();
      for (const item of [...items, { id }]) {
        try {
          await this.container.item(item.id, id).delete();
        } catch (error) {
          if (status(error) !== 404) throw error;
        }
      }
      this.known.forget(id);
    }
    return resources.length;
  }

  /** Readiness: the store answers a cheap read. */
  async ping(): Promise<void> {
    await this.container.read();
  }
}
