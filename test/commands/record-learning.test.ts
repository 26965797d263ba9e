import assert from 'node:assert/strict';
import { narrate } from '../../src/commands/words';
import { summarize } from '../../src/analytics/summary';
import { expire, people, raised, run, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

const closedAtStage2 = () => run(expire(raised()), people.alex, uk('2026-12-30T10:00'), { kind: 'withdraw', reason: 'Resolved between the managers' });
const answers = { kind: 'record-learning' as const, helped: ['early-conversation', 'managers'], hindered: ['no-reply'], unclear: ['protocol:stage-2', 'thresholds:tier-3'], notes: 'Who calls whom at Stage 2' };

describe('record-learning (what the partnership learns at closure)', () => {
  it('each party and manager involved may say what helped, what got in the way and what was unclear; the latest answers stand', () => {
    const d = closedAtStage2();
    const first = given(d).when(people.priya, uk('2026-12-30T11:00'), answers).then([{ type: 'learning-recorded', helped: ['early-conversation', 'managers'], notes: 'Who calls whom at Stage 2' }]).state;
    const again = given(first).when(people.priya, uk('2026-12-30T11:05'), { ...answers, hindered: [] }).then([{ type: 'learning-recorded', hindered: [] }]).state;
    assert.ok(again.status === 'closed');
    assert.equal(again.learning?.length, 1, 'one answer per person');
    given(again).when(people.priya, uk('2026-12-30T11:06'), { ...answers, hindered: [] }).nothingHappens();
    given(again).when(people.alex, uk('2026-12-30T11:10'), { ...answers, unclear: [] }).then([{ type: 'learning-recorded', by: people.alex }]);
  });

  it('is for those involved, once the dispute has closed, and from the lists', () => {
    given(closedAtStage2()).when(people.chris, uk('2026-12-30T11:00'), answers).refused('not-allowed', /professionals and the managers involved/);
    given(expire(raised())).when(people.alex, uk('2026-12-30T11:00'), answers).refused('wrong-state', /once the dispute has closed/);
    given(closedAtStage2()).when(people.alex, uk('2026-12-30T11:00'), { ...answers, unclear: ['protocol:stage-9'] }).refused('invalid', /from the lists/);
    given(closedAtStage2()).when(people.alex, uk('2026-12-30T11:00'), { kind: 'record-learning', helped: [], hindered: [], unclear: [], notes: ' ' }).refused('invalid', /Say what helped/);
  });

  it('the picture counts the choices by their words, never the note; the history says only that it was said', () => {
    const d = run(closedAtStage2(), people.priya, uk('2026-12-30T11:00'), answers);
    const summary = summarize(d);
    assert.deepEqual(summary.learning, {
      helped: ['Talking early, professional to professional', 'Managers getting involved'],
      hindered: ['Slow replies, or none'],
      unclear: ['The protocol: Stage 2 (First-line manager to first-line manager)', 'The Thresholds Document: Tier 3: targeted / child in need'],
    });
    assert.doesNotMatch(JSON.stringify(summary), /Who calls whom/);
    assert.doesNotMatch(narrate(d).map((l) => l.what).join('\n'), /Who calls whom|Talking early/);
  });
});
