import assert from 'node:assert/strict';
import type { CommandBody } from '../../src/commands';
import { expire, people, raised, uk } from '../support/dispute-fixtures';
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
