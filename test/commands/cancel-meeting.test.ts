import assert from 'node:assert/strict';
import type { CommandBody } from '../../src/commands';
import type { Dispute } from '../../src/domain/dispute';
import { narrate } from '../../src/commands/words';
import { noticeText } from '../../src/commands/words';
import { ctx, expire, people, raised, run, system, uk } from '../support/dispute-fixtures';
import { given, told } from '../support/given';

const attendees = [people.dan, people.chris, people.alex, people.sam, people.priya, people.jo];
const meetingAt = uk('2027-01-04T10:00').toISOString();
const convenedAt = uk('2026-12-31T17:00');

function withMeeting(online = false): Dispute {
  return given(expire(expire(raised()))).when(people.dan, convenedAt, { kind: 'convene-meeting', at: meetingAt, location: online ? '' : 'Civic Centre', attendees }, online ? { ...ctx, teamsMeetings: true } : ctx).state;
}

const cancel = (reason = 'Jo Evans is at court that morning'): CommandBody => ({ kind: 'cancel-meeting', meetingAt, reason });

describe('cancel-meeting', () => {
  it('its reason goes to each person invited in their own chat; the thread says only that it is cancelled', () => {
    const then = given(withMeeting()).when(people.dan, uk('2027-01-04T08:00'), cancel())
      .then([{ type: 'meeting-cancelled', meetingAt, reason: 'Jo Evans is at court that morning' }], [{ type: 'post-to-thread', notice: { kind: 'meeting-cancelled', meetingAt } }]);
    assert.ok(!then.decision.ok || then.decision.effects.every((e) => e.type !== 'post-to-thread' || !('reason' in e.notice && e.notice.reason)), 'no reason in the thread');
    assert.deepEqual(told(then.decision).map(([name]) => name), ['Chris Lee', 'Alex Morgan', 'Sam Taylor', 'Priya Shah', 'Jo Evans']);
    const personal = then.decision.ok ? then.decision.effects.find((e) => e.type === 'notify-person') : undefined;
    assert.match(personal && personal.type === 'notify-person' ? noticeText(personal.notice, then.state) : '', /is cancelled: Jo Evans is at court that morning/);
    const line = narrate(then.state).find((l) => /Meeting convened/.test(l.what));
    assert.match(line!.what, /cancelled by Dan Okafor/);
    assert.equal(line!.tried, false, 'a cancelled meeting is not something tried');
  });

  it('a cancelled meeting is not asked to be recorded, nor can it be moved; cancelling twice is once', () => {
    const cancelled = run(withMeeting(), people.dan, uk('2027-01-04T08:00'), cancel());
    const later = given(cancelled).when(system, uk('2027-01-04T11:00'), { kind: 'deadline-reached', due: uk('2027-01-04T11:00').toISOString() }).decision;
    assert.ok(!later.ok || later.events.every((e) => e.type !== 'meeting-record-asked'));
    given(cancelled).when(people.dan, uk('2027-01-04T08:05'), cancel()).nothingHappens();
    given(cancelled).when(people.dan, uk('2027-01-04T08:05'), { kind: 'move-meeting', meetingAt, to: uk('2027-01-05T10:00').toISOString(), minutes: 60 }).refused('wrong-state', /was cancelled by Dan Okafor/);
  });

  it('says why, and only whoever convened it or the level\'s senior managers may', () => {
    given(withMeeting()).when(people.dan, uk('2027-01-04T08:00'), cancel(' ')).refused('invalid', /Say why/);
    given(withMeeting()).when(people.sam, uk('2027-01-04T08:00'), cancel()).refused('not-allowed');
  });

  it('a Teams meeting is cancelled in the calendars of those invited', () => {
    given(withMeeting(true)).when(people.chris, uk('2027-01-04T08:00'), cancel()).then([{ type: 'meeting-cancelled' }], [{ type: 'sync-calendar', convenedAt: convenedAt.toISOString() }]);
  });

  it('a meeting still to come when the dispute closes can be cancelled after it closes; it cannot be moved', () => {
    const closed = run(withMeeting(true), people.alex, uk('2027-01-01T10:00'), { kind: 'withdraw', reason: 'Resolved on the phone' });
    assert.equal(closed.status, 'closed');
    given(closed).when(people.dan, uk('2027-01-01T11:00'), cancel('The dispute was withdrawn'))
      .then([{ type: 'meeting-cancelled' }], [{ type: 'sync-calendar', convenedAt: convenedAt.toISOString() }]);
    given(closed).when(people.dan, uk('2027-01-01T11:00'), { kind: 'move-meeting', meetingAt, to: uk('2027-01-05T10:00').toISOString(), minutes: 60 }).refused('wrong-state', /closed/);
  });
});
