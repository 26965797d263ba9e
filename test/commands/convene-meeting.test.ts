import assert from 'node:assert/strict';
import type { CommandBody } from '../../src/commands';
import { TEAMS_MEETING } from '../../src/commands/convene-meeting';
import { ctx, expire, people, raised, uk } from '../support/dispute-fixtures';
import { given, told } from '../support/given';

const meeting: CommandBody = { kind: 'convene-meeting', at: uk('2027-01-04T10:00').toISOString(), location: 'Teams call', attendees: [people.dan, people.chris, people.alex, people.sam, people.priya, people.jo] };

describe('convene-meeting', () => {
  it('senior managers convene a Resolving Professional Disagreements Meeting at Stage 3, not before', () => {
    given(expire(raised())).when(people.jo, uk('2026-12-30T09:00'), meeting).refused('wrong-state', /No meeting is convened at Stage 2/);
    const s3 = expire(expire(raised()));
    given(s3).when(people.priya, uk('2026-12-31T17:00'), meeting).refused('not-allowed', /senior managers convene/);
    const then = given(s3).when(people.dan, uk('2026-12-31T17:00'), meeting)
      .then([{ type: 'meeting-convened', meetingAt: uk('2027-01-04T10:00').toISOString() }], [{ type: 'post-to-thread', notice: { kind: 'meeting-convened', attendees: ['Dan Okafor', 'Chris Lee', 'Alex Morgan', 'Sam Taylor', 'Priya Shah', 'Jo Evans'] } }]);
    assert.equal(then.state.meetings.length, 1);
    assert.deepEqual(told(then.decision).map(([name]) => name), ['Chris Lee', 'Alex Morgan', 'Sam Taylor', 'Priya Shah', 'Jo Evans'], 'each attendee but the convener is told in their own chat');
  });

  it('invites exactly whom the protocol says: at the 4LSCB\'s Stage 3, the senior managers, the practitioners and the first-line managers', () => {
    const s3 = expire(expire(raised()));
    given(s3).when(people.dan, uk('2026-12-31T17:00'), { ...meeting, attendees: [people.dan, people.alex, people.sam] } as CommandBody)
      .refused('invalid', /The protocol brings Chris Lee, Priya Shah, Jo Evans to this meeting: include them/);
  });

  it('a meeting is in the future, with attendees and a place', () => {
    const s3 = expire(expire(raised()));
    given(s3).when(people.dan, uk('2027-01-05T10:00'), meeting).refused('invalid', /future/);
    given(s3).when(people.dan, uk('2026-12-31T17:00'), { ...meeting, attendees: [] } as CommandBody).refused('invalid', /who should attend/);
    given(s3).when(people.dan, uk('2026-12-31T17:00'), { ...meeting, location: '' } as CommandBody).refused('invalid', /where/);
  });
});

describe('convene-meeting: the time, and Teams meetings', () => {
  const s3 = () => expire(expire(raised()));
  const at = (local: string, minutes?: number): CommandBody => ({ ...meeting, at: uk(local).toISOString(), ...(minutes ? { minutes } : {}) } as CommandBody);

  it('a meeting is held in working hours on a working day, UK time: not on a bank holiday, a weekend, or past 17:00', () => {
    const when = (local: string, minutes?: number) => given(s3()).when(people.dan, uk('2026-12-31T17:00'), at(local, minutes));
    when('2027-01-01T10:00').refused('invalid', /working hours, 09:00 to 17:00 UK time, on a working day/); // New Year's Day
    when('2027-01-02T10:00').refused('invalid', /working day/); // a Saturday
    when('2027-01-04T08:30').refused('invalid', /working hours/);
    when('2027-01-04T16:30').refused('invalid', /working hours/); // an hour would end at 17:30
    when('2027-01-04T16:30', 30).then([{ type: 'meeting-convened', minutes: 30 }]);
  });

  it('ends by the time the level runs out: Stage 3\'s two working days end on Tuesday 5 January at 16:30', () => {
    given(s3()).when(people.dan, uk('2026-12-31T17:00'), at('2027-01-06T10:00')).refused('invalid', /This level's time runs out Tue 5 Jan 2027, 16:30: choose a time that ends by then/);
    given(s3()).when(people.dan, uk('2026-12-31T17:00'), at('2027-01-05T15:30')).then([{ type: 'meeting-convened' }]);
  });

  it('where meetings are Teams meetings, where it is held may be left to the invitation, and the calendar is asked to match', () => {
    const teams = { ...ctx, teamsMeetings: true };
    const then = given(s3()).when(people.dan, uk('2026-12-31T17:00'), { ...meeting, location: '' } as CommandBody, teams)
      .then([{ type: 'meeting-convened', online: true, location: TEAMS_MEETING, minutes: 60 }], [{ type: 'sync-calendar', convenedAt: uk('2026-12-31T17:00').toISOString() }]);
    assert.equal(then.state.meetings[0]!.online, true);
    // Without Teams meetings, a place is needed, and there is no calendar to match.
    given(s3()).when(people.dan, uk('2026-12-31T17:00'), { ...meeting, location: '' } as CommandBody).refused('invalid', /where/);
    const plain = given(s3()).when(people.dan, uk('2026-12-31T17:00'), meeting).decision;
    assert.ok(plain.ok && !plain.effects.some((e) => e.type === 'sync-calendar'));
  });
});
