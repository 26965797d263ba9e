import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { STORED_SCHEMA } from '../../src/store/schema';
import { cardText, Harness, invoke, message, personal, raiseDispute, startHarness, timePasses, ukTime, users } from '../support/bot-harness';

/*
 * Upgrades without loss. A snapshot of the store as this version writes it (a dispute's head
 * and record, addresses, an absence, the reference sequence: test/fixtures/store-snapshot-
 * schema-2.json) is loaded into an empty store; the bot reads it, and a dispute is walked to
 * closure with its record verified. A later change of shape keeps this test passing on the
 * old snapshot and adds a snapshot of its own. An item stored by a newer version is refused
 * with words, and nothing is changed.
 */
const SNAPSHOT = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'store-snapshot-schema-2.json'), 'utf8')) as Record<'disputes' | 'people' | 'sequences', Record<string, unknown>[]> & { schema: number };

/** The snapshot into the harness's empty store; Teams' service URL, as Teams would give it here, is the fake connector's. */
async function load(h: Harness, snapshot = SNAPSHOT): Promise<void> {
  const here = (item: Record<string, unknown>) => JSON.parse(JSON.stringify(item).replaceAll('https://smba.trafficmanager.net/uk/', h.connector.url)) as Record<string, unknown>;
  for (const name of ['disputes', 'people', 'sequences'] as const) {
    for (const item of snapshot[name]) await h.store[name].items.create(here(item));
  }
}

describe('stored data survives an upgrade', function () {
  this.timeout(60_000);

  it('every item in the snapshot carries the shape it was stored in, and this version reads it', () => {
    assert.equal(SNAPSHOT.schema, STORED_SCHEMA);
    for (const name of ['disputes', 'people', 'sequences'] as const) {
      assert.ok(SNAPSHOT[name].length > 0);
      for (const item of SNAPSHOT[name]) assert.equal(item.schema, STORED_SCHEMA, `${name} ${String(item.id)}`);
    }
  });

  it('a dispute from the snapshot verifies, is walked to closure, and verifies again; new references follow on', async () => {
    const h = await startHarness();
    try {
      await load(h);
      const head = SNAPSHOT.disputes.find((i) => i.type === 'dispute')!;
      const id = String(head.id);
      await h.post(message(h, users.sam, `verify ${String(head.reference)}`));
      assert.match(h.connector.repliesTo(personal(users.sam).id).at(-1)?.body.text ?? '', /is intact/);

      await timePasses(h, ukTime('2026-12-08T10:00')); // Stage 1 runs out: Stage 2, the first-line managers
      h.setNow(ukTime('2026-12-08T11:00'));
      const proposed = await h.post(invoke(h, users.sam, 'dispute.proposeOutcome', { disputeId: id, outcome: 'A joint visit', outcomeActions: 'Joint visit | Jo Evans | 10/12/2026' }));
      assert.match(cardText(proposed.body.value), /Proposed/);
      for (const who of [users.alex, users.priya, users.jo]) await h.post(invoke(h, who, 'dispute.confirmOutcome', { disputeId: id }));
      await h.host.outbox.idle();
      const closed = (await h.host.service.load(id))!;
      assert.equal(closed.status, 'closed');
      assert.match(await h.host.service.verify(String(head.reference), users.sam), /is intact/);

      const next = await raiseDispute(h, ukTime('2026-12-08T12:00'));
      assert.equal((await h.host.service.load(next))!.reference, 'PD-2026-0002', 'the reference sequence carries on');
      const stored = await h.store.disputes.item(id, id).read();
      assert.equal(stored.resource?.schema, STORED_SCHEMA);
    } finally {
      await h.close();
    }
  });

  it('a dispute stored by a newer version is refused with words, and nothing is changed', async () => {
    const h = await startHarness();
    try {
      const newer = structuredClone(SNAPSHOT);
      const head = newer.disputes.find((i) => i.type === 'dispute')!;
      head.schema = STORED_SCHEMA + 1;
      await load(h, newer);
      const id = String(head.id);
      h.setNow(ukTime('2026-12-07T12:00'));
      const res = await h.post(invoke(h, users.alex, 'dispute.recordConversation', { disputeId: id, recordDate: '2026-12-07', recordTime: '11:00', recordParticipants: 'Alex, Sam', recordDiscussed: 'x' }));
      assert.equal(res.status, 200);
      assert.match(cardText(res.body.value), /saved by a newer version of this bot than the one now running, so nothing was changed/);
      assert.match(h.logs.lines.join('\n'), /dispute stored by a newer version of the bot/);
      const after = await h.store.disputes.item(id, id).read();
      assert.equal(after.resource?.sealed?.seq, (head.sealed as { seq: number }).seq, 'nothing was written');
    } finally {
      await h.close();
    }
  });
});
