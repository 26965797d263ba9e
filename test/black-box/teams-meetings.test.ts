import assert from 'node:assert/strict';
import path from 'node:path';
import { button, hasButton } from '../support/card-client';
import { people, Rig, World } from '../support/black-box';
import { harnessConfig } from '../support/bot-harness';
import { FakeGraph } from '../support/fake-graph';
import { runsOut } from '../support/press-cases';

const { alex, sam, priya, jo, chris } = people;
const MAILBOX = 'rpd-meetings@partnership.example';

/**
 * Meetings as Teams meetings (MEETINGS=graph), as the senior managers use them at Stage 3: Chris
 * asks for times from the card, convenes one, moves it and cancels it, and the partnership's
 * calendar (Microsoft Graph, faked at the edge) follows. Hillside's staff are guests, whose
 * mailboxes are their school's: Graph cannot read their free/busy, and the card says so.
 */
describe('black box: meetings as Teams meetings in the partnership\'s calendar', function () {
  this.timeout(120_000);
  let rig: Rig;
  let graph: FakeGraph;
  let w: World;

  /** The bot's token for Graph is its own identity's in production; here the fake's. */
  async function world(env: Record<string, string> = {}): Promise<World> {
    const config = harnessConfig(env);
    const meetingsWorld = await rig.world({}, {
      config: { ...config, partnership: { ...config.partnership, graphBaseUrl: graph.url, meetings: { kind: 'graph', mailbox: MAILBOX } } },
      graphToken: async () => 'graph-test-token',
    });
    await meetingsWorld.raise();
    await runsOut(meetingsWorld);
    await runsOut(meetingsWorld); // Stage 3 from Thursday 31 December 10:00, due Tuesday 5 January 10:00
    return meetingsWorld;
  }

  before(async () => {
    rig = await new Rig().start();
    graph = await new FakeGraph({}).start();
    // The guests' mailboxes are their school's, outside the partnership's organisation.
    graph.unreadable = new Set(['alex.morgan@hillside.example', 'priya.shah@hillside.example']);
    graph.busy = {
      'chris.lee@partnership.example': [{ status: 'busy', start: '2026-12-31T09:00:00Z', end: '2026-12-31T17:00:00Z' }],
      'sam.taylor@csc.example': [{ status: 'tentative', start: '2027-01-04T09:00:00Z', end: '2027-01-04T12:00:00Z' }],
      'jo.evans@csc.example': [{ status: 'free', start: '2027-01-04T12:00:00Z', end: '2027-01-04T13:00:00Z' }],
    };
    w = await world();
  });
  after(async () => {
    await w?.close();
    await graph?.stop();
    await rig?.stop();
  });

  const thread = () => rig.connector.postsIn(w.thread).map((c) => JSON.stringify(c.body));
  const personalTo = (who: { id: string }) => rig.connector.calls.filter((c) => c.path.includes('/activities') && c.conversationId === `a:personal-${who.id}`).map((c) => String(c.body.text ?? ''));

  it('Suggest times offers times in working hours before the level runs out when everyone readable is free, and names whose calendars cannot be read', async () => {
    const view = await w.viewOf(chris);
    const answer = await w.press(chris, button(view, 'Suggest times'));
    assert.equal(answer.status, 200);
    // Chris is busy all Thursday, Friday is New Year's Day, then a weekend; Sam is tentative on Monday morning; Jo's "free" takes nothing.
    assert.match(answer.notice, /^3 times before Tue 5 Jan 2027, 10:00 when .* are free: choose one under "Convene"\./);
    for (const name of ['Chris Lee', 'Sam Taylor', 'Jo Evans']) assert.match(answer.notice.split('Availability')[0]!, new RegExp(name), `${name}'s calendar is read`);
    assert.match(answer.notice, /Availability not visible: .*Alex Morgan.*Priya Shah/);
    const slots = JSON.stringify(answer.card);
    for (const t of ['Mon 4 Jan 2027, 12:00', 'Mon 4 Jan 2027, 12:30', 'Tue 5 Jan 2027, 09:00']) assert.ok(slots.includes(t), `offers ${t}`);
    const asked = graph.requests.filter((r) => decodeURIComponent(r.path) === `/v1.0/users/${MAILBOX}/calendar/getSchedule`);
    assert.equal(asked.length, 1, 'one getSchedule for everyone');
    assert.ok(!hasButton(await w.viewOf(sam), 'Suggest times'), 'only a convener is offered it');
    const crafted = await w.press(sam, button(view, 'Suggest times'));
    assert.match(crafted.notice, /Only those who convene/);
    assert.equal(graph.requests.filter((r) => r.path.endsWith('/getSchedule')).length, 1, 'nobody else\'s press reads a calendar');
  });

  it('convened at a suggested time with no place given, it is a Teams meeting inviting exactly the people the protocol brings together, and nothing about the child', async () => {
    const suggested = (await w.press(chris, button(await w.viewOf(chris), 'Suggest times'))).card;
    const answer = await w.press(chris, button(suggested, 'Convene the meeting'), { meetingSlot: '2027-01-04T12:00:00.000Z' });
    assert.equal(answer.notice, 'The meeting is convened and the attendees have been told.');
    await w.settle();
    const events = graph.live();
    assert.equal(events.length, 1);
    const e = events[0]!;
    assert.equal(e.mailbox, MAILBOX);
    assert.equal(e.isOnlineMeeting, true);
    assert.equal(e.onlineMeetingProvider, 'teamsForBusiness');
    assert.deepEqual({ start: e.start, end: e.end }, { start: { dateTime: '2027-01-04T12:00:00.000', timeZone: 'UTC' }, end: { dateTime: '2027-01-04T13:00:00.000', timeZone: 'UTC' } });
    assert.deepEqual(e.attendees.map((a) => a.emailAddress.address).sort(), ['alex.morgan@hillside.example', 'chris.lee@partnership.example', 'jo.evans@csc.example', 'priya.shah@hillside.example', 'sam.taylor@csc.example'].sort());
    assert.ok(e.attendees.every((a) => a.type === 'required'));
    assert.match(e.subject, /Resolving Professional Disagreements Meeting: PD-2026-0001/);
    for (const secret of ['HPS-4411', 'J.B.', 'hungry', 'Neglect', 'duty desk']) assert.ok(!JSON.stringify(e).includes(secret), `the invitation leaks ${secret}`);
    assert.ok(thread().some((t) => /convened for Mon 4 Jan 2027, 12:00, with/.test(t)));
    for (const who of [alex, sam, priya, jo]) assert.ok(personalTo(who).some((t) => /You are invited to the meeting for PD-2026-0001 on Mon 4 Jan 2027, 12:00/.test(t)), `${who.name} is told`);
    const doc = await w.h.host.service.load(w.disputeId);
    assert.equal(Object.values(doc!.calendar ?? {})[0]?.eventId, e.id, 'the event is kept with the dispute');
    assert.match(JSON.stringify((await w.viewOf(alex))), /a Teams meeting \(the invitation is in each attendee's calendar\)/);
    // Those invited find the link to join on their own view; the card everyone in the channel sees never carries it.
    const join = (card: unknown) => JSON.stringify(card).includes(e.joinUrl);
    assert.ok(join(await w.viewOf(alex)) && join(await w.viewOf(sam)), 'on each attendee\'s view');
    assert.match(JSON.stringify(await w.viewOf(sam)), /"type":"Action.OpenUrl","title":"Join the Teams meeting, Mon 4 Jan 2027, 12:00"/);
    assert.ok(!join(w.threadCard()), 'not on the thread card');
    assert.ok(!join(await w.viewOf(people.outsider)) && !join(await w.viewOf(people.dev)), 'nor for anyone outside the dispute');
  });

  it('moved from the card, the invitation moves; pressed again, nothing more is sent', async () => {
    const move = button(await w.viewOf(chris), 'Move the meeting');
    const cardUpdates = rig.connector.updatesIn(w.thread).length;
    const answer = await w.press(chris, move, { moveDate: '2027-01-05', moveTime: '09:00' });
    assert.equal(answer.notice, 'The meeting is moved and everyone invited has been told.');
    await w.settle();
    // As after convening: the thread card is updated, so Teams refreshes each viewer's own view of it.
    assert.equal(rig.connector.updatesIn(w.thread).length, cardUpdates + 1, 'the thread card is updated');
    const [e] = graph.live();
    assert.equal(graph.events.size, 1, 'moved, not created again');
    assert.equal(e!.start.dateTime, '2027-01-05T09:00:00.000');
    assert.equal(e!.updates, 1);
    assert.match((await w.press(chris, move, { moveDate: '2027-01-05', moveTime: '09:00' })).notice, /^Already done/);
    await w.settle();
    assert.equal(graph.live()[0]!.updates, 1);
    assert.ok(personalTo(sam).some((t) => /on Mon 4 Jan 2027, 12:00 is moved to Tue 5 Jan 2027, 09:00/.test(t)));
  });

  it('a time outside working hours is refused with what was typed kept, and the calendar is not touched', async () => {
    const answer = await w.press(chris, button(await w.viewOf(chris), 'Move the meeting'), { moveDate: '2027-01-04', moveTime: '18:00' });
    assert.match(answer.notice, /working hours, 09:00 to 17:00 UK time/);
    assert.match(JSON.stringify(answer.card), /"value":"18:00"/);
    await w.settle();
    assert.equal(graph.live()[0]!.updates, 1);
  });

  it('cancelled from the card, each attendee\'s calendar is told; the reason goes only to their chats', async () => {
    const reason = 'J.B. is in hospital this week';
    const cardUpdates = rig.connector.updatesIn(w.thread).length;
    const answer = await w.press(chris, button(await w.viewOf(chris), 'Cancel the meeting'), { meetingCancelReason: reason });
    assert.equal(answer.notice, 'The meeting is cancelled and everyone invited has been told.');
    await w.settle();
    assert.equal(rig.connector.updatesIn(w.thread).length, cardUpdates + 1, 'the thread card is updated');
    const e = [...graph.events.values()][0]!;
    assert.ok(e.cancelled, 'cancelled in the calendar');
    assert.ok(!e.cancelled.comment.includes('J.B.'), 'the cancellation sent to mailboxes does not carry the reason');
    assert.ok(thread().some((t) => /on Tue 5 Jan 2027, 09:00 is cancelled/.test(t)));
    assert.ok(!thread().some((t) => t.includes('J.B.')), 'nor does the thread');
    assert.ok(personalTo(jo).some((t) => t.includes(reason)), 'each attendee is told why in their chat');
    assert.ok(!hasButton(await w.viewOf(chris), 'Move the meeting'), 'nothing left to move');
  });

  it('someone the directory has no address for is not sent the invitation: the convener is told to forward it, and they have the bot\'s message', async () => {
    const noEmail = await world({ DIRECTORY_FILE: path.join(__dirname, '..', 'fixtures', 'directory-no-email.json') });
    try {
      await noEmail.press(chris, button(await noEmail.viewOf(chris), 'Convene the meeting'), { meetingDate: '2027-01-04', meetingTime: '15:00' });
      await noEmail.settle();
      const e = graph.live().find((x) => x.start.dateTime === '2027-01-04T15:00:00.000')!;
      assert.ok(!e.attendees.some((a) => /jo\./.test(a.emailAddress.address)));
      assert.equal(e.attendees.length, 4);
      const toChris = rig.connector.calls.filter((c) => c.path.includes('/activities') && c.conversationId === `a:personal-${chris.id}`).map((c) => String(c.body.text ?? ''));
      assert.ok(toChris.some((t) => /but not of Jo Evans: the partnership directory has no email address for them/.test(t)), toChris.join('\n'));
      assert.ok(personalTo(jo).some((t) => /You are invited to the meeting for PD-2026-0001 on Mon 4 Jan 2027, 15:00/.test(t)));
    } finally {
      await noEmail.close();
    }
  });

  it('Graph failing or throttling: a press is answered with what to do, the invitation is sent once Graph answers, and never twice', async () => {
    const again = await world();
    try {
      graph.calendarFailsWith = 503;
      const failed = await again.press(chris, button(await again.viewOf(chris), 'Suggest times'), { meetingMinutes: '30' });
      assert.equal(failed.status, 200);
      assert.match(failed.notice, /could not be read just now: enter a date and time/);
      assert.match(JSON.stringify(failed.card), /"value":"30"/, 'the length chosen is kept');
      const convened = await again.press(chris, button(await again.viewOf(chris), 'Convene the meeting'), { meetingDate: '2027-01-04', meetingTime: '14:00' });
      assert.equal(convened.notice, 'The meeting is convened and the attendees have been told.', 'the meeting is recorded whatever Graph does');
      await again.settle();
      const before = graph.events.size;
      const doc = await again.h.host.service.load(again.disputeId);
      assert.ok(doc!.outbox.some((o) => o.delivery.kind === 'calendar' && !o.deliveredAt && o.lastError === 'HTTP 503'), 'kept to try again');
      graph.calendarFailsWith = undefined;
      graph.throttle = { times: 1, retryAfter: 1 };
      await again.h.host.outbox.sweep();
      await again.settle();
      assert.equal(graph.events.size, before + 1, 'created once Graph answers, after waiting as it asked');
      await again.h.host.outbox.sweep();
      await again.settle();
      assert.equal(graph.events.size, before + 1, 'and never twice');
    } finally {
      graph.calendarFailsWith = undefined;
      graph.throttle = undefined;
      await again.close();
    }
  });
});
