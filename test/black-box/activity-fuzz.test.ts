import assert from 'node:assert/strict';
import fc from 'fast-check';
import { COMMANDS } from '../../src/bot/card-actions';
import { verbOf } from '../../src/commands';
import { button } from '../support/card-client';
import { people, Rig, World } from '../support/black-box';

/**
 * Random Bot Framework activities against the running bot over HTTP: any type, any invoke
 * name, any verb, data of any shape, people with and without a part in the dispute, other
 * tenants, missing fields. Whatever arrives: no 5xx, the bot stays up, and presses by people
 * with no part in the dispute change nothing. FUZZ_RUNS sets how many (2,000 in the suite;
 * `npm run fuzz` runs 10,000).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const VERBS = [...Object.keys(COMMANDS).map(verbOf), 'dispute.recordBoardDecision', 'dispute.refresh', 'raise.submit', 'dispute.unknownVerb', 'old.verb', ''];

const anyJson = fc.jsonValue({ maxDepth: 2 });
const value = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), anyJson);

describe('black box: random activities', function () {
  this.timeout(600_000);
  let rig: Rig;
  let w: World;

  before(async () => {
    rig = await new Rig().start();
    w = await rig.world();
    await w.raise();
    await w.settle();
  });
  after(async () => {
    await w?.close();
    await rig?.stop();
  });

  it(`${RUNS} random activities: never a 5xx, the bot stays up, and strangers' presses change nothing`, async () => {
    const before = await w.stored();
    const disputeId = fc.oneof(fc.constant(w.disputeId), fc.string({ maxLength: 90 }), fc.uuid(), fc.constant('../../dbs'), fc.constant("' OR 1=1 --"), value);
    const realData = button(await w.viewOf(people.alex), 'Save the record').data;
    const data = fc.oneof(
      fc.dictionary(fc.constantFrom('disputeId', 'fromStage', 'rev', 'escalationReason', 'themes', 'managerId', 'managerLevel', 'recordDate', 'confirmImmediateRisk', 'conferenceAgreed', 'formId', 'x'), value, { maxKeys: 6 }).chain((d) => disputeId.map((id) => ({ ...d, disputeId: id }))),
      fc.constant({ ...realData }),
      value,
    );
    const stranger = fc.oneof(
      fc.constant(people.dev),
      fc.constant(people.outsider),
      fc.record({ id: fc.string({ minLength: 1, maxLength: 60 }), name: fc.string({ maxLength: 30 }), aadObjectId: fc.uuid() }),
    );
    const activity = fc.record(
      {
        type: fc.oneof({ arbitrary: fc.constantFrom('message', 'invoke', 'invoke', 'invoke', 'conversationUpdate', 'event', 'typing', 'messageReaction', 'installationUpdate'), weight: 12 }, fc.string({ maxLength: 12 }), value),
        name: fc.oneof(fc.constantFrom('adaptiveCard/action', 'fileConsent/invoke', 'task/fetch', 'composeExtension/query', 'signin/verifyState'), fc.string({ maxLength: 20 })),
        text: fc.oneof({ arbitrary: fc.string({ maxLength: 200 }), weight: 3 }, fc.constantFrom('hi', 'help me', 'Status?', 'raise a disagreement', 'what do I do?', 'status', 'export PD-2026-0001', 'verify PD-2026-0001'), fc.string({ maxLength: 200 }), value),
        from: fc.oneof({ arbitrary: stranger, weight: 12 }, fc.constant(undefined), value),
        conversation: fc.oneof(
          { arbitrary: fc.constant({ id: w.thread, conversationType: 'channel', tenantId: 'tenant-partnership' }), weight: 8 },
          fc.constant({ id: w.thread, conversationType: 'channel', tenantId: 'tenant-partnership' }),
          { arbitrary: fc.record({ id: fc.string({ minLength: 1, maxLength: 40 }), conversationType: fc.constantFrom('personal', 'channel', 'groupChat'), tenantId: fc.oneof(fc.constant('tenant-partnership'), fc.uuid()) }), weight: 4 },
          fc.constant(undefined),
          value,
        ),
        value: fc.oneof(
          { arbitrary: fc.record({ action: fc.record({ type: fc.constantFrom('Action.Execute', 'Action.Submit', 'x'), verb: fc.constantFrom(...VERBS), data }), trigger: fc.constantFrom('manual', 'automatic') }), weight: 10 },
          fc.record({ action: value }),
          value,
        ),
        entities: fc.oneof(fc.constant(undefined), fc.constant([{ type: 'mention', mentioned: { id: '28:bot', name: 'Bot' }, text: '<at>Bot</at>' }]), value),
        serviceUrl: fc.oneof({ arbitrary: fc.constant(w.h.connector.url), weight: 12 }, fc.constant(undefined), value),
      },
      { requiredKeys: ['type', 'from', 'conversation', 'serviceUrl', 'value', 'name'] },
    );

    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(activity, async (a) => {
        const res = await w.h.post({ channelId: 'msteams', recipient: { id: '28:bot', name: 'Professional Disagreements' }, channelData: { tenant: { id: 'tenant-partnership' } }, ...a });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        assert.ok(res.status < 500, `${res.status} for ${JSON.stringify(a).slice(0, 400)}`);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261121) },
    );
    await w.settle();
    console.log(`      answers: ${[...statuses].sort().map(([s, n]) => `${n} x ${s}`).join(', ')}`);
    const health = await fetch(`${w.h.url}/readyz`);
    assert.equal(health.status, 200, 'the bot is still up and its store answers');
    assert.deepEqual((await w.stored()).state, before.state, 'nobody outside the dispute changed it');
  });
});
