import assert from 'node:assert/strict';
import { personRef } from '../../src/domain/person';
import { PARTNERSHIP_TENANT } from '../support/teams-people';

const RUNGS = ['first-line', 'senior'];
import path from 'node:path';
import { GraphDirectory } from '../../src/directory/graph-directory';
import { PartnershipDirectory } from '../../src/directory/partnership-directory';
import { createLogger, Logger } from '../../src/logger';
import { GraphClient } from '../../src/graph/graph-client';
import { FakeGraph } from '../support/fake-graph';
import { Harness, LogCapture, startHarness, users, validRaise } from '../support/bot-harness';

const sample = () => PartnershipDirectory.fromFile(path.join(__dirname, '..', '..', 'directory', 'sample-partnership.json'));

const inTenant = {
  alex: users.alex.aadObjectId,
  head: '11111111-0000-4000-8000-00000000000a',
  director: '11111111-0000-4000-8000-00000000000b',
};

describe('directories of managers', () => {
  let graph: FakeGraph;
  /** Graph as the bot looks people up: within 3 s in all, as a raise is answered within Teams' wait. */
  const lookUps = (log: Logger) => new GraphClient(graph.url, async () => 'graph-test-token', log, { timeoutMs: 5000, budgetMs: 3000 });
  before(async () => {
    graph = await new FakeGraph({
      [inTenant.alex]: { id: inTenant.head, displayName: 'Harriet Head' },
      [inTenant.head]: { id: inTenant.director, displayName: 'Dev Director' },
    }).start();
  });
  after(() => graph.stop());

  it('the partnership directory gives a professional\'s manager and their manager', async () => {
    const side = await sample().side(users.sam, 'Children\'s Social Care (MASH)', RUNGS);
    assert.deepEqual(side.managers['first-line']!.map((p) => p.name), ['Jo Evans']);
    assert.deepEqual(side.managers.senior!.map((p) => p.name), ['Chris Lee']);
  });

  it('the partnership directory refuses a file that names people it does not list', () => {
    assert.throws(() => new PartnershipDirectory({ tenantId: PARTNERSHIP_TENANT, agencies: [], people: [{ id: 'a', name: 'A', agency: 'X', aadObjectId: users.alex.aadObjectId, managerId: 'ghost' }], secretariat: [] }), /unknown person "ghost"/);
    // Someone Teams could never identify, and a partnership without its tenant, are refused by name.
    assert.throws(() => new PartnershipDirectory({ agencies: [], people: [{ id: 'a', name: 'A', agency: 'X' }], secretariat: [] }), /"tenantId" must be the partnership's Entra tenant id.*person "a" \(A\) needs "aadObjectId"/);
  });

  it('Microsoft Graph gives the manager chain for someone in the partnership\'s tenant', async () => {
    const directory = new GraphDirectory(sample(), lookUps(createLogger('silent')), createLogger('silent'));
    const side = await directory.side(users.alex, 'Hillside Primary School', RUNGS);
    assert.deepEqual(side.managers['first-line'], [personRef('Harriet Head', PARTNERSHIP_TENANT, inTenant.head)]);
    assert.deepEqual(side.managers.senior!.map((p) => p.name), ['Dev Director']);
    assert.ok(graph.requests.every((r) => r.authorization === 'Bearer graph-test-token'));
  });

  it('someone Graph knows no manager for falls back to the partnership directory', async () => {
    const directory = new GraphDirectory(sample(), lookUps(createLogger('silent')), createLogger('silent'));
    const side = await directory.side(users.sam, 'Children\'s Social Care (MASH)', RUNGS);
    assert.deepEqual(side.managers['first-line']!.map((p) => p.name), ['Jo Evans']);
  });

  it('Graph throttling (429) is waited out as its Retry-After says, within the look-up\'s budget', async () => {
    const waits: number[] = [];
    const directory = new GraphDirectory(sample(), new GraphClient(graph.url, async () => 'graph-test-token', createLogger('silent'), { timeoutMs: 5000, budgetMs: 8000, sleep: async (ms) => void waits.push(ms) }), createLogger('silent'));
    // (A budget of 8 s here; the default, 3 s, keeps a raise within Teams' wait.)
    graph.throttle = { times: 2, retryAfter: 2 };
    const before = graph.requests.length;
    const manager = await directory.manager(inTenant.alex);
    assert.equal(manager?.name, 'Harriet Head', 'answered after the throttling');
    assert.deepEqual(waits, [2000, 2000], 'waited as long as Graph said, each time');
    assert.equal(graph.requests.length - before, 3);
    // Asked to wait longer than the budget allows: Graph's answer stands, and the directory is used instead.
    graph.throttle = { times: 1, retryAfter: 60 };
    waits.length = 0;
    await assert.rejects(directory.manager(inTenant.alex), /Microsoft Graph answered 429/);
    assert.deepEqual(waits, [], 'did not wait a minute');
    graph.throttle = { times: 1 };
    assert.equal((await directory.manager(inTenant.alex))?.name, 'Harriet Head');
    assert.deepEqual(waits, [1000], 'no Retry-After: a second');
    graph.throttle = undefined;
  });

  it('Graph failing does not stop a disagreement being raised: the directory is used, and the log says so', async () => {
    const logs = new LogCapture();
    const directory = new GraphDirectory(sample(), lookUps(createLogger('warn', logs)), createLogger('warn', logs));
    graph.failWith = 503;
    try {
      const side = await directory.side(users.alex, 'Hillside Primary School', RUNGS);
      assert.deepEqual(side.managers['first-line']!.map((p) => p.name), ['Priya Shah']);
      assert.match(logs.lines.join('\n'), /Graph manager look-up failed/);
    } finally {
      graph.failWith = undefined;
    }
  });

  describe('raising with MANAGER_SOURCE=graph', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(
        { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 'x', MICROSOFT_APP_TYPE: 'MultiTenant', MANAGER_SOURCE: 'graph', GRAPH_BASE_URL: graph.url },
        { graphToken: async () => 'graph-test-token', authOverrides: {} },
      );
    });
    after(() => h.close());

    it('the dispute\'s ladder comes from Graph for the raiser and from the directory for the other agency', async () => {
      // Inbound authentication is tested on its own; here the service is called as the raise card's handler calls it.
      const form = { ...validRaise, route: 'standard' as const, indicators: ['Neglect'], tier: 'tier-4' as const, consent: 'not-applicable' as const, immediateRisk: false, initials: 'J.B.' };
      const result = await h.host.service.raise(form, users.alex, users.sam, { serviceUrl: h.connector.url, tenantId: 'tenant-partnership' });
      assert.ok(result.ok);
      const sides = result.doc.state.sides;
      assert.deepEqual(sides.raiser.managers['first-line']!.map((p) => p.name), ['Harriet Head']);
      assert.deepEqual(sides.respondent.managers['first-line']!.map((p) => p.name), ['Jo Evans']);
    });
  });

  describe('an automatic reply in Outlook counts as away (MANAGER_SOURCE=graph)', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(
        { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 'x', MICROSOFT_APP_TYPE: 'MultiTenant', MANAGER_SOURCE: 'graph', GRAPH_BASE_URL: graph.url, DIRECTORY_FILE: path.join(__dirname, '..', 'fixtures', 'directory-deputies.json') },
        { graphToken: async () => 'graph-test-token', authOverrides: {} },
      );
    });
    after(() => {
      graph.automaticReplies = {};
      return h.close();
    });

    it('Jo\'s automatic reply is on over New Year: Stage 2 brings in her standing deputy, with the reason', async () => {
      graph.automaticReplies[users.jo.aadObjectId] = { status: 'scheduled', scheduledStartDateTime: { dateTime: '2026-12-23T17:00:00.0000000', timeZone: 'UTC' }, scheduledEndDateTime: { dateTime: '2027-01-04T09:00:00.0000000', timeZone: 'UTC' } };
      h.setNow(new Date('2026-12-24T10:00:00Z'));
      const form = { ...validRaise, route: 'standard' as const, indicators: ['Neglect'], tier: 'tier-4' as const, consent: 'not-applicable' as const, immediateRisk: false, initials: 'J.B.' };
      const raised = await h.host.service.raise(form, users.alex, users.sam, { serviceUrl: h.connector.url, tenantId: 'tenant-partnership' });
      assert.ok(raised.ok);
      h.setNow(new Date('2026-12-29T10:00:00Z'));
      await h.host.scheduler.sweep();
      const state = (await h.host.service.load(raised.doc.id))!.state;
      assert.equal(state.stage, 2);
      assert.deepEqual(state.standIns?.map((s) => [s.person.name, s.for.name, s.why, s.until]), [['Lou Patel', 'Jo Evans', 'away', '2027-01-04T09:00:00.000Z']]);
      assert.ok(graph.requests.some((r) => r.path === `/v1.0/users/${users.jo.aadObjectId}/mailboxSettings/automaticRepliesSetting`), 'Graph was asked');
    });
  });
});
