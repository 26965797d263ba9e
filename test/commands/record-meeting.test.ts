import assert from 'node:assert/strict';
import type { OpenDispute } from '../../src/domain/dispute';
import { narrate } from '../../src/commands/words';
import { expire, people, raised, run, system, uk } from '../support/dispute-fixtures';
import { given, mentioned, told } from '../support/given';

/** Stage 3, with a Resolving Professional Disagreements Meeting convened for Monday 4 January 2027 at 10:00. */
const withMeeting = () => run(expire(expire(raised())), people.dan, uk('2026-12-31T17:00'), {
  kind: 'convene-meeting', at: uk('2027-01-04T10:00').toISOString(), location: 'Teams call', attendees: [people.dan, people.chris, people.alex, people.sam, people.priya, people.jo],
});
const meetingAt = uk('2027-01-04T10:00').toISOString();

describe('record-meeting (after the meeting the protocol convenes)', () => {
  it('an hour after it begins the convener is asked to record it; a working day later, still silent, they are chased in the thread', () => {
    const d = withMeeting() as OpenDispute;
    const asked = given(d).when(system, uk('2027-01-04T11:00'), { kind: 'deadline-reached', due: uk('2027-01-04T11:00').toISOString() })
      .then([{ type: 'meeting-record-asked', meetingAt }], [{ type: 'notify-person', to: people.dan, notice: { kind: 'meeting-record-due', meetingAt } }]).state as OpenDispute;
    const chaseAt = asked.meetings[0]!.recordAsked!.chaseAt;
    assert.equal(chaseAt, uk('2027-01-05T11:00').toISOString(), 'one working day after it was asked');
    // The clock deals with every moment passed by then, the level's own among them; the chase is one.
    const chased = given(asked).when(system, new Date(chaseAt), { kind: 'deadline-reached', due: chaseAt }).decision;
    assert.ok(chased.ok && chased.events.some((e) => e.type === 'meeting-record-chased' && e.meetingAt === meetingAt));
    assert.ok(chased.ok && chased.effects.some((e) => e.type === 'post-to-thread' && e.notice.kind === 'meeting-record-overdue' && e.mention.some((p) => p.name === 'Dan Okafor')));
  });

  it('a meeting that did not resolve it is recorded as tried, and anyone invited who did not come is told', () => {
    const then = given(withMeeting()).when(people.dan, uk('2027-01-04T11:30'), { kind: 'record-meeting', meetingAt, attended: [people.dan, people.chris, people.alex, people.sam, people.jo], resolved: false, agreed: 'To share the school\'s attendance log', actions: [] })
      .then([{ type: 'meeting-recorded', resolved: false }], [{ type: 'post-to-thread', notice: { kind: 'meeting-recorded', resolved: false } }]);
    assert.deepEqual(told(then.decision), [['Priya Shah', 'meeting-missed']]);
    const line = narrate(then.state).find((l) => /Recorded the meeting/.test(l.what));
    assert.ok(line?.tried, 'it is in the written account\'s "what was tried"');
    assert.match(line!.what, /attended by Dan Okafor, Chris Lee, Alex Morgan, Sam Taylor, Jo Evans; it did not resolve the disagreement/);
    given(then.state).when(system, uk('2027-01-05T11:00'), { kind: 'deadline-reached', due: uk('2027-01-05T11:00').toISOString() }).refused('stale');
  });

  it('a meeting that resolved it proposes what it agreed to everyone who must confirm', () => {
    const then = given(withMeeting()).when(people.chris, uk('2027-01-04T12:00'), { kind: 'record-meeting', meetingAt, attended: [people.alex, people.sam, people.priya, people.jo], resolved: true, agreed: 'A joint home visit this week', actions: [{ description: 'Joint visit', owner: 'Sam Taylor', due: '2027-01-07' }] })
      .then([{ type: 'meeting-recorded', resolved: true }, { type: 'outcome-proposed', proposal: { outcome: 'A joint home visit this week', by: people.chris } }]);
    assert.ok(mentioned(then.decision).includes('Alex Morgan'));
    assert.equal(then.state.proposal?.outcome, 'A joint home visit this week');
  });

  it('is for the convener or those leading the level, once the meeting has begun, with who attended and, if resolved, what was agreed', () => {
    given(withMeeting()).when(people.priya, uk('2027-01-04T11:30'), { kind: 'record-meeting', meetingAt, attended: [people.alex], resolved: false, agreed: '', actions: [] }).refused('not-allowed', /convened the meeting/);
    given(withMeeting()).when(people.dan, uk('2027-01-04T09:00'), { kind: 'record-meeting', meetingAt, attended: [people.alex], resolved: false, agreed: '', actions: [] }).refused('invalid', /not begun/);
    given(withMeeting()).when(people.dan, uk('2027-01-04T11:30'), { kind: 'record-meeting', meetingAt, attended: [], resolved: false, agreed: '', actions: [] }).refused('invalid', /who attended/);
    given(withMeeting()).when(people.dan, uk('2027-01-04T11:30'), { kind: 'record-meeting', meetingAt, attended: [people.alex], resolved: true, agreed: ' ', actions: [] }).refused('invalid', /what was agreed/);
    given(withMeeting()).when(people.dan, uk('2027-01-04T11:30'), { kind: 'record-meeting', meetingAt: uk('2027-01-05T10:00').toISOString(), attended: [people.alex], resolved: false, agreed: '', actions: [] }).refused('wrong-state', /no such meeting/);
  });

  it('recording it twice counts once; a different record after the first is refused with who recorded it', () => {
    const body = { kind: 'record-meeting' as const, meetingAt, attended: [people.alex, people.sam], resolved: false, agreed: 'Nothing yet', actions: [] };
    const once = run(withMeeting(), people.dan, uk('2027-01-04T11:30'), body);
    given(once).when(people.dan, uk('2027-01-04T11:31'), body).nothingHappens();
    given(once).when(people.chris, uk('2027-01-04T11:35'), { ...body, resolved: true, agreed: 'Else' }).refused('wrong-state', /was recorded by Dan Okafor/);
  });

  it('a two-hour meeting is asked about once it has ended, not while it runs', () => {
    const long = run(expire(expire(raised())), people.dan, uk('2026-12-31T17:00'), {
      kind: 'convene-meeting', at: uk('2027-01-04T10:00').toISOString(), minutes: 120, location: 'Teams call', attendees: [people.dan, people.chris, people.alex, people.sam, people.priya, people.jo],
    });
    const asked = (local: string) => {
      const decision = given(long).when(system, uk(local), { kind: 'deadline-reached', due: uk(local).toISOString() }).decision;
      return decision.ok && decision.events.some((e) => e.type === 'meeting-record-asked');
    };
    assert.equal(asked('2027-01-04T11:00'), false);
    assert.equal(asked('2027-01-04T12:00'), true);
  });
});

