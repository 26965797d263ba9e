import assert from 'node:assert/strict';
import { expire, people, raised, run, uk } from '../support/dispute-fixtures';
import { given, told } from '../support/given';

const closedAtStage2 = () => run(expire(raised()), people.alex, uk('2026-12-30T10:00'), { kind: 'withdraw', reason: 'Resolved between the managers' });

describe('recognise-challenge', () => {
  it('a manager involved notes that a professional\'s challenge was made well, and the professional is told in their own chat', () => {
    const then = given(closedAtStage2()).when(people.jo, uk('2026-12-30T11:00'), { kind: 'recognise-challenge', side: 'raiser', note: 'Set out the indicators clearly' })
      .then([{ type: 'challenge-recognised', side: 'raiser', note: 'Set out the indicators clearly', by: people.jo }]);
    assert.deepEqual(told(then.decision), [['Alex Morgan', 'challenge-recognised']]);
    given(then.state).when(people.jo, uk('2026-12-30T11:01'), { kind: 'recognise-challenge', side: 'raiser', note: 'Set out the indicators clearly' }).nothingHappens();
  });

  it('is for the managers involved, with a note, once the dispute has closed', () => {
    given(closedAtStage2()).when(people.sam, uk('2026-12-30T11:00'), { kind: 'recognise-challenge', side: 'raiser', note: 'x' }).refused('not-allowed', /managers involved/);
    given(closedAtStage2()).when(people.chris, uk('2026-12-30T11:00'), { kind: 'recognise-challenge', side: 'raiser', note: 'x' }).refused('not-allowed');
    given(closedAtStage2()).when(people.jo, uk('2026-12-30T11:00'), { kind: 'recognise-challenge', side: 'raiser', note: ' ' }).refused('invalid', /what was done well/);
    given(expire(raised())).when(people.jo, uk('2026-12-30T11:00'), { kind: 'recognise-challenge', side: 'raiser', note: 'x' }).refused('wrong-state', /once the dispute has closed/);
  });
});
