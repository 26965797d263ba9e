import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { startEmbeddedCosmosServer } from '../../src/store/embedded-server';
import { StoreFaultProxy } from '../support/store-fault-proxy';
import { decide } from '../../src/commands';
import { evolve } from '../../src/commands';
import { connectStore, StoreConnection } from '../../src/store/cosmos-connection';
import type { DisputeDocument } from '../../src/store/dispute-document';
import { appendDecision, ConcurrencyError, DisputeRepository, NotConfirmed, withIndexes } from '../../src/store/dispute-repository';
import { NO_SEAL } from '../../src/store/history-chain';
import { ReferenceSequence } from '../../src/store/reference-sequence';
import { deliveriesFor } from '../../src/teams/deliveries';
import { command, ctx, people, raised, RAISED_AT, run, storedHead, uk } from '../support/dispute-fixtures';

function newDocument(id = randomUUID()): DisputeDocument {
  const state = { ...raised(), id };
  return appendDecision(withIndexes({ id, type: 'dispute', state, sealed: NO_SEAL, outbox: [], origin: { serviceUrl: 'http://127.0.0.1:1/', tenantId: 't' } }), state, [], [], RAISED_AT, randomUUID);
}

describe('dispute store (real @azure/cosmos SDK against the embedded Cosmos DB protocol server)', () => {
  let store: StoreConnection;
  let repository: DisputeRepository;

  before(async () => {
    store = await connectStore({ kind: 'embedded', database: 'test' });
    repository = new DisputeRepository(store.disputes);
  });
  after(() => store.close());

  it('creates the database and containers with their partition keys', async () => {
    const { resources } = await store.database.containers.readAll().fetchAll();
    assert.deepEqual(resources.map((c) => c.id).sort(), ['disputes', 'people', 'sequences']);
    const { resource } = await store.disputes.read();
    assert.deepEqual(resource?.partitionKey?.paths, ['/disputeId'], 'a dispute\'s head and its history share a partition');
  });

  it('saves a dispute and reads it back whole, with its indexed fields derived from the state', async () => {
    const doc = await repository.create(newDocument());
    const back = await repository.load(doc.id);
    assert.equal(back?.reference, 'PD-2026-0001');
    assert.equal(back?.dueAt, uk('2026-12-29T12:30').toISOString(), 'the first reminder, half way in working time, comes before the deadline');
    assert.ok(back?.participantIds.includes(people.alex.key), 'people are indexed by who they are: tenant and object id');
    assert.equal(back?.state.child.initials, 'J.B.');
    assert.equal(await repository.load('missing'), undefined);
  });

  it('refuses a write based on a stale etag', async () => {
    const doc = await repository.create(newDocument());
    const first = await repository.load(doc.id);
    const second = await repository.load(doc.id);
    await repository.replace({ ...first!, pendingEffects: 1 });
    await assert.rejects(repository.replace({ ...second!, pendingEffects: 2 }), ConcurrencyError);
    assert.equal((await repository.load(doc.id))?.pendingEffects, 1);
  });

  it('update retries from a fresh read when another writer got there first, losing neither write', async () => {
    const doc = await repository.create(newDocument());
    const account = (position: string) => ({ kind: 'record-account' as const, account: { position, indicators: [], impact: 'i', evidence: 'e' } });
    const recordAs = (current: DisputeDocument, who: typeof people.sam, position: string) => {
      const decision = decide(current.state, command(current.state, who, uk('2026-12-29T09:00'), account(position)), ctx);
      assert.ok(decision.ok);
      const state = decision.events.reduce(evolve, current.state) as never;
      return appendDecision(current, state, decision.events, deliveriesFor(decision.effects, state, 0, 'x'), RAISED_AT, randomUUID);
    };
    let attempts = 0;
    await repository.apply(doc.id, async (current) => {
      attempts++;
      // Another instance records the raiser's account between our read and our write.
      if (attempts === 1) await repository.replace(recordAs(current, people.alex, 'Tier 4'));
      return { doc: recordAs(current, people.sam, 'Tier 3'), result: undefined };
    });
    const final = await repository.load(doc.id);
    assert.equal(attempts, 2, 'the stale write was refused and the change decided again');
    assert.equal(final?.state.accounts.raiser?.position, 'Tier 4');
    assert.equal(final?.state.accounts.respondent?.position, 'Tier 3');
    assert.deepEqual((await repository.history(doc.id)).map((h) => h.seq), [1, 2], 'each write appended its own entry');
    assert.equal(final?.sealed.seq, 2);
    assert.equal(final?.pendingEffects, 4, 'both decisions\' effects are waiting in the outbox');
  });

  it('gives each head being written to whileWriting once it is on its way, again after a collision, and writes it even if that work fails', async () => {
    const doc = await repository.create(newDocument());
    const stale = await repository.load(doc.id);
    await repository.replace({ ...stale!, pendingEffects: 5 }); // another writer, after our read
    const given: number[] = [];
    let attempts = 0;
    const { written } = await repository.apply(doc.id, (current) => ({ doc: { ...current, pendingEffects: current.pendingEffects + 1 }, result: ++attempts }), { read: stale, whileWriting: (head) => {
      given.push(head.pendingEffects);
      throw new Error('drawing failed');
    } });
    assert.deepEqual(given, [1, 6], 'the stale attempt, then the one decided again from the fresh read');
    assert.equal(written?.pendingEffects, 6, 'written despite the work beside it failing');
    assert.equal((await new DisputeRepository(store.disputes).load(doc.id))?.pendingEffects, 6);
  });

  it('decides on the head held while the read confirms it: written when it is current, nothing written or answered when it is not', async () => {
    const doc = await repository.create(newDocument());
    const held = repository.held(doc.id)!;
    const current = await repository.apply(doc.id, (d) => ({ doc: { ...d, pendingEffects: 1 }, result: 'decided' }), { read: held, confirming: repository.load(doc.id) });
    assert.equal(current.written?.pendingEffects, 1, 'the read answered with the very head held: the change stands');

    const stale = repository.held(doc.id)!;
    await new DisputeRepository(store.disputes).replace({ ...(await new DisputeRepository(store.disputes).load(doc.id))!, pendingEffects: 9 }); // another instance
    let decided = 0;
    await assert.rejects(repository.apply(doc.id, (d) => ({ doc: { ...d, pendingEffects: 2 }, result: ++decided }), { read: stale, confirming: repository.load(doc.id) }), NotConfirmed);
    await assert.rejects(repository.apply(doc.id, () => ({ result: 'refused' }), { read: stale, confirming: Promise.resolve(undefined) }), NotConfirmed, 'a refusal on an unconfirmed head is not an answer either');
    assert.equal(decided, 1);
    assert.equal((await repository.load(doc.id))?.pendingEffects, 9, 'nothing written from the stale head');
  });

  it('finds a person\'s open disputes by who they are', async () => {
    const doc = await repository.create(newDocument());
    const mine = await repository.listForPerson([people.sam.key]);
    assert.ok(mine.some((d) => d.id === doc.id));
    const strangers = await repository.listForPerson([people.stranger.key]);
    assert.ok(!strangers.some((d) => d.id === doc.id));
  });

  it('hands out each reference number once, even to concurrent callers', async () => {
    const sequence = new ReferenceSequence(store.sequences, 'PD');
    const refs = await Promise.all(Array.from({ length: 12 }, () => sequence.next(2026)));
    assert.equal(new Set(refs).size, 12);
    assert.ok(refs.includes('PD-2026-0001') && refs.includes('PD-2026-0012'));
    assert.equal(await sequence.next(2027), 'PD-2027-0001');
  });
});

describe('retention of closed disputes (real SDK, embedded store)', () => {
  let store: StoreConnection;
  before(async () => {
    store = await connectStore({ kind: 'embedded', database: 'retention' });
  });
  after(() => store.close());

  it('a closed dispute carries a time-to-live for Azure, and the sweep deletes it once past retention', async () => {
    const repository = new DisputeRepository(store.disputes, 30 * 86_400);
    const open = await repository.create(newDocument());
    const closedState = run(raised(), people.alex, uk('2026-12-29T10:00'), { kind: 'withdraw', reason: 'Resolved' });
    const closedHead = storedHead(closedState, 'closed-1');
    const closed = await repository.create(appendDecision(closedHead, closedHead.state, [{ type: 'withdrawn', at: '2026-12-29T10:00:00.000Z', by: people.alex, reason: 'Resolved' } as never], [], RAISED_AT, randomUUID));
    assert.equal((await repository.history(closed.id)).length, 1);
    assert.equal((await repository.load(closed.id))?.ttl, 37 * 86_400, 'Azure\'s time-to-live is a backstop a week after the purge');
    assert.equal((await repository.load(open.id))?.ttl, undefined, 'an open dispute never expires');
    const { resource } = await store.disputes.read();
    assert.equal(resource?.defaultTtl, -1, 'time-to-live is on for documents that set it');

    // Closed Tue 29 Dec 2026 10:00; the sweep deletes what closed before (now - 30 days).
    const cutoffAt = (now: string) => new Date(uk(now).getTime() - 30 * 86_400_000);
    assert.equal(await repository.purgeClosedBefore(cutoffAt('2027-01-28T10:00')), 0, '30 days have not passed');
    assert.equal(await repository.purgeClosedBefore(cutoffAt('2027-01-28T10:01')), 1);
    assert.equal(await repository.load(closed.id), undefined);
    assert.deepEqual(await repository.history(closed.id), [], 'its history went with it');
    assert.ok(await repository.load(open.id), 'open disputes are kept');
  });
});

describe('the store\'s traffic for a head (real SDK, embedded Cosmos DB protocol server, requests counted)', () => {
  let server: Server;
  let proxy: StoreFaultProxy;
  let store: StoreConnection;
  before(async () => {
    let endpoint: string;
    ({ server, endpoint } = await startEmbeddedCosmosServer());
    proxy = await new StoreFaultProxy(endpoint).start();
    store = await connectStore({ kind: 'account', endpoint: proxy.url, key: 'local', database: 'traffic', allowSelfSignedCertificate: false });
  });
  after(async () => {
    await store.close();
    await proxy.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  /** The requests `work` made, and the bytes of each reply. */
  async function traffic<T>(work: () => Promise<T>): Promise<{ value: T; seen: string[]; received: number[] }> {
    const from = proxy.seen.length;
    const value = await work();
    return { value, seen: proxy.seen.slice(from), received: proxy.bytes.slice(from).map((b) => b.received) };
  }

  it('a write is answered without the head it wrote, and the etag it returns guards the next write', async () => {
    const repository = new DisputeRepository(store.disputes);
    const created = await traffic(() => repository.create(newDocument()));
    assert.deepEqual(created.seen, ['POST batch']);
    const size = JSON.stringify(created.value).length;
    assert.ok(created.received[0]! < 1024, `the reply is ${created.received[0]} bytes for a head of ${size}`);
    const written = await repository.replace({ ...created.value, pendingEffects: 1 });
    assert.notEqual(written._etag, created.value._etag);
    await assert.rejects(repository.replace({ ...created.value, pendingEffects: 2 }), ConcurrencyError, 'the etag before the write no longer matches');
    const again = await repository.replace({ ...written, pendingEffects: 3 });
    const other = new DisputeRepository(store.disputes);
    assert.equal((await other.load(again.id))?.pendingEffects, 3, 'another instance reads what was written');
  });

  it('a head unchanged since this instance read or wrote it is not sent again; one another instance changed is read whole', async () => {
    const here = new DisputeRepository(store.disputes);
    const there = new DisputeRepository(store.disputes);
    const doc = await here.create(newDocument());
    const size = JSON.stringify(doc).length;

    const unchanged = await traffic(() => here.load(doc.id));
    assert.deepEqual(unchanged.seen, ['GET docs'], 'still one read: the store is asked every time');
    assert.ok(unchanged.received[0]! < 100, `304 Not Modified, no body (${unchanged.received[0]} bytes)`);
    assert.equal(unchanged.value?._etag, doc._etag);

    const first = await traffic(() => there.load(doc.id));
    assert.ok(first.received[0]! > size / 2, 'an instance that has not seen it reads it whole');
    await there.replace({ ...first.value!, pendingEffects: 7 });

    const changed = await traffic(() => here.load(doc.id));
    assert.ok(changed.received[0]! > size / 2, 'changed elsewhere: read whole');
    assert.equal(changed.value?.pendingEffects, 7);
    await here.replace({ ...changed.value!, pendingEffects: 8 });
    assert.equal((await there.load(doc.id))?.pendingEffects, 8);
  });

  it('a head deleted elsewhere is gone here too, not answered from what this instance held', async () => {
    const here = new DisputeRepository(store.disputes);
    const doc = await here.create(newDocument());
    await store.disputes.item(doc.id, doc.id).delete();
    assert.equal(await here.load(doc.id), undefined);
  });

  it('holds at most the heads it was told to, and reads a forgotten one whole', async () => {
    const here = new DisputeRepository(store.disputes, undefined, undefined, 2);
    const [a, b, c] = [await here.create(newDocument()), await here.create(newDocument()), await here.create(newDocument())];
    const reads = await traffic(async () => [await here.load(c.id), await here.load(b.id), await here.load(a.id), await here.load(c.id)]);
    assert.deepEqual(reads.received.map((n) => (n < 100 ? 'not modified' : 'whole')), ['not modified', 'not modified', 'whole', 'whole'], 'a was let go when c came; c, the least lately used, when a came back');
  });
});
