import assert from 'node:assert/strict';
import type { OpenDispute } from '../../src/domain/dispute';
import { expire, people, raised, run, system, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

describe('acknowledge ("I\'ve seen this")', () => {
  it('is refused to both professionals at Stage 1, which they lead, and nothing is recorded', () => {
    for (const who of [people.alex, people.sam]) given(raised()).when(who, uk('2026-12-29T11:00'), { kind: 'acknowledge', stage: 1 }).refused('wrong-state', /the people who lead it are already in it/);
  });

  it('is taken from a manager the level brings in, once; the check ends when both sides have answered', () => {
    const s2 = expire(raised());
    given(s2).when(people.alex, uk('2026-12-30T11:00'), { kind: 'acknowledge', stage: 2 }).refused('not-allowed', /Only the first-line managers say they have seen it/);
    const one = given(s2).when(people.priya, uk('2026-12-30T11:00'), { kind: 'acknowledge', stage: 2 }).then([{ type: 'acknowledged', stage: 2, settled: false }], [{ type: 'refresh-thread-card' }]).state;
    given(one).when(people.priya, uk('2026-12-30T11:05'), { kind: 'acknowledge', stage: 2 }).refused('wrong-state', /already said/);
    const both = given(one).when(people.jo, uk('2026-12-30T11:10'), { kind: 'acknowledge', stage: 2 }).then([{ type: 'acknowledged', settled: true }]).state as OpenDispute;
    assert.equal(both.attention, undefined, 'nothing left to check');
  });

  it('a press from a card of a level since left is refused with where it stands', () => {
    const s3 = run(expire(raised()), people.jo, uk('2026-12-30T09:00'), { kind: 'approve-escalation', fromStage: 2, reason: 'Stuck' });
    given(s3).when(people.dan, uk('2026-12-30T10:00'), { kind: 'acknowledge', stage: 2 }).refused('wrong-state', /moved on/);
  });

  it('whoever has not said so is reminded in their own chat when the check comes', () => {
    const s2 = expire(raised()) as OpenDispute;
    const remindAt = s2.attention!.remindAt!;
    given(s2).when(system, new Date(remindAt), { kind: 'deadline-reached', due: remindAt })
      .then([{ type: 'acknowledgement-reminded', stage: 2, to: [people.priya, people.jo] }], [{ type: 'notify-person', to: people.priya, notice: { kind: 'acknowledge-reminder', stage: 2 } }]);
  });
});
