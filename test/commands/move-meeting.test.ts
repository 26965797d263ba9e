import assert from 'node:assert/strict';
import type { CommandBody } from '../../src/commands';
import type { Dispute } from '../../src/domain/dispute';
import { narrate } from '../../src/commands/words';
import { ctx, expire, people, raised, run, system, uk } from '../support/dispute-fixtures';
import { given, mentioned, told } from '../support/given';

const attendees = [people.dan, people.chris, people.alex, people.sam, people.priya, people.jo];
const meetingAt = uk('2027-01-04T10:00').toISOString();
const convenedAt = uk('2026-12-31T17:00');

/** Stage 3, with a meeting convened on Thursday 31 December for Monday 4 January 2027 at 10:00. */
function withMeeting(online = false): Dispute {
  const d = expire(expire(raised()));
  const convened = given(d).when(people.dan, convenedAt, { kind: 'convene-meeting', at: meetingAt, location: online ? '' : 'Civic Centre', attendees }, online ? { ...ctx, teamsMeetings: true } : ctx);
  return convened.state;
}

const move = (to: string, minutes = 60): CommandBody => ({ kind: 'move-meeting', meetingAt, to: uk(to).toISOString(), minutes });

describe('move-meeting', () => {
  it('whoever convened it, or a senior manager who convenes at this level, moves it; everyone invited is told, the thread without the child', () => {
    const then = given(withMeeting()).when(people.chris, uk('2027-01-04T09:00'), move('2027-01-05T14:00'))
      .then([{ type: 'meeting-moved', meetingAt, to: uk('2027-01-05T14:00').toISOString(), minutes: 60 }], [{ type: 'post-to-thread', notice: { kind: 'meeting-moved', meetingAt: uk('2027-01-05T14:00').toISOString(), from: meetingAt } }]);
    assert.deepEqual(mentioned(then.decision), attendees.map((p) => p.name).sort());
    assert.deepEqual(told(then.decision).map(([name]) => name), ['Dan Okafor', 'Alex Morgan', 'Sam Taylor', 'Priya Shah', 'Jo Evans'], 'each attendee but the one who moved it');
    const m = then.state.meetings[0]!;
    assert.equal(m.at, uk('2027-01-05T14:00').toISOString());
    assert.deepEqual(m.movedFrom, [meetingAt]);
    assert.ok(narrate(then.state).some((l) => /Meeting convened for Tue 5 Jan 2027, 14:00 .* \(moved from Mon 4 Jan 2027, 10:00\)/.test(l.what)), 'the card\'s history says it moved');
    given(withMeeting()).when(people.priya, uk('2027-01-04T09:00'), move('2027-01-05T14:00')).refused('not-allowed', /Dan Okafor, who convened the meeting/);
    given(withMeeting()).when(people.alex, uk('2027-01-04T09:00'), move('2027-01-05T14:00')).refused('not-allowed');
  });

  it('its convener is asked to record it after the new time, not the old', () => {
    const moved = run(withMeeting(), people.dan, uk('2027-01-04T09:00'), move('2027-01-05T14:00'));
    const newAt = uk('2027-01-05T14:00').toISOString();
    const asked = (at: string) => {
      const decision = given(moved).when(system, uk(at), { kind: 'deadline-reached', due: uk(at).toISOString() }).decision;
      return decision.ok ? decision.events.flatMap((e) => (e.type === 'meeting-record-asked' ? [e.meetingAt] : [])) : [];
    };
    assert.deepEqual(asked('2027-01-04T11:00'), [], 'not at the old time');
    assert.deepEqual(asked('2027-01-05T15:00'), [newAt]);
  });

  it('pressed again from the same card, nothing more happens; a time out of hours or past the level\'s deadline is refused', () => {
    const moved = run(withMeeting(), people.dan, uk('2027-01-04T09:00'), move('2027-01-05T14:00'));
    given(moved).when(people.dan, uk('2027-01-04T09:01'), move('2027-01-05T14:00')).nothingHappens();
    given(withMeeting()).when(people.dan, uk('2027-01-04T09:00'), move('2027-01-05T19:00')).refused('invalid', /working hours/);
    given(withMeeting()).when(people.dan, uk('2027-01-04T09:00'), move('2027-01-06T10:00')).refused('invalid', /runs out/);
  });

  it('a meeting that has begun is recorded, not moved', () => {
    given(withMeeting()).when(people.dan, uk('2027-01-04T10:05'), move('2027-01-05T14:00')).refused('wrong-state', /has begun: record it instead/);
  });

  it('a Teams meeting\'s invitation is updated; a meeting with a place is not a calendar\'s', () => {
    given(withMeeting(true)).when(people.dan, uk('2027-01-04T09:00'), move('2027-01-05T14:00')).then([{ type: 'meeting-moved' }], [{ type: 'sync-calendar', convenedAt: convenedAt.toISOString() }]);
    const plain = given(withMeeting()).when(people.dan, uk('2027-01-04T09:00'), move('2027-01-05T14:00')).decision;
    assert.ok(plain.ok && !plain.effects.some((e) => e.type === 'sync-calendar'));
  });
});
