import assert from 'node:assert/strict';
import { GraphClient, GraphError } from '../../src/graph/graph-client';
import { createLogger } from '../../src/logger';
import { GraphCalendar } from '../../src/meetings/graph-calendar';
import { FakeGraph } from '../support/fake-graph';

const MAILBOX = 'rpd-meetings@partnership.example';

/** The partnership's calendar through Graph (faked at the edge), as the outbox and Suggest times use it. */
describe('the partnership\'s calendar through Microsoft Graph', () => {
  let graph: FakeGraph;
  const waits: number[] = [];
  let calendar: GraphCalendar;
  before(async () => {
    graph = await new FakeGraph({}).start();
    calendar = new GraphCalendar(new GraphClient(graph.url, async () => 'graph-test-token', createLogger('silent'), { timeoutMs: 5000, budgetMs: 10_000, sleep: async (ms) => void waits.push(ms) }), MAILBOX);
  });
  after(() => graph.stop());

  const meeting = (transactionId: string) => ({
    subject: 'Resolving Professional Disagreements Meeting: PD-2026-0001',
    body: 'Convened by Chris Lee.',
    start: new Date('2027-01-04T12:00:00Z'),
    end: new Date('2027-01-04T13:00:00Z'),
    attendees: [{ name: 'Sam Taylor', email: 'sam.taylor@csc.example' }],
    transactionId,
  });

  it('free/busy: busy, tentative and out of office take time; free and working elsewhere do not; an unreadable calendar is undefined', async () => {
    graph.busy = {
      'sam.taylor@csc.example': [
        { status: 'busy', start: '2027-01-04T09:00:00Z', end: '2027-01-04T10:00:00Z' },
        { status: 'workingElsewhere', start: '2027-01-04T10:00:00Z', end: '2027-01-04T11:00:00Z' },
        { status: 'oof', start: '2027-01-05T00:00:00Z', end: '2027-01-06T00:00:00Z' },
      ],
    };
    graph.unreadable = new Set(['alex.morgan@hillside.example']);
    const answer = await calendar.freeBusy(['Sam.Taylor@csc.example', 'alex.morgan@hillside.example'], new Date('2027-01-04T08:00:00Z'), new Date('2027-01-06T17:00:00Z'));
    assert.deepEqual(answer.get('sam.taylor@csc.example')?.map((b) => [b.start.toISOString(), b.end.toISOString()]), [
      ['2027-01-04T09:00:00.000Z', '2027-01-04T10:00:00.000Z'],
      ['2027-01-05T00:00:00.000Z', '2027-01-06T00:00:00.000Z'],
    ]);
    assert.equal(answer.has('alex.morgan@hillside.example'), true);
    assert.equal(answer.get('alex.morgan@hillside.example'), undefined);
  });

  it('a meeting created twice with one transactionId is one event, a Teams meeting with its join link', async () => {
    const first = await calendar.create(meeting('tx-1'));
    const again = await calendar.create(meeting('tx-1'));
    assert.equal(again.eventId, first.eventId);
    assert.match(first.joinUrl ?? '', /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    assert.equal([...graph.events.values()].filter((e) => e.transactionId === 'tx-1').length, 1);
  });

  it('moved, then cancelled; an event deleted from the calendar answers false to a move, and cancelling it again is done', async () => {
    const { eventId } = await calendar.create(meeting('tx-2'));
    assert.equal(await calendar.update(eventId, { ...meeting('tx-2'), start: new Date('2027-01-05T09:00:00Z'), end: new Date('2027-01-05T10:00:00Z') }), true);
    assert.equal(graph.events.get(eventId)!.start.dateTime, '2027-01-05T09:00:00.000');
    await calendar.cancel(eventId, 'Cancelled by Chris Lee.');
    assert.equal(graph.events.get(eventId)!.cancelled?.comment, 'Cancelled by Chris Lee.');
    graph.events.delete(eventId);
    assert.equal(await calendar.update(eventId, meeting('tx-2')), false);
    await calendar.cancel(eventId, 'again');
  });

  it('throttled, it waits as Graph says; failing, it says how (the outbox tries again later)', async () => {
    waits.length = 0;
    graph.throttle = { times: 2, retryAfter: 3 };
    await calendar.freeBusy(['sam.taylor@csc.example'], new Date('2027-01-04T08:00:00Z'), new Date('2027-01-04T17:00:00Z'));
    assert.deepEqual(waits, [3000, 3000]);
    graph.calendarFailsWith = 503;
    try {
      await assert.rejects(calendar.create(meeting('tx-3')), (e: unknown) => e instanceof GraphError && e.statusCode === 503);
    } finally {
      graph.calendarFailsWith = undefined;
      graph.throttle = undefined;
    }
  });
});
