import assert from 'node:assert/strict';
import { expire, people, raised, run, uk } from '../support/dispute-fixtures';
import { given, told } from '../support/given';

const atStage4 = () => run(expire(expire(expire(raised()))), people.dan, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3 });

describe('record-decision', () => {
  it('the secretariat records the board\'s decision at Stage 4, which closes the dispute and tells the parties', () => {
    given(atStage4()).when(people.alex, uk('2027-01-06T10:00'), { kind: 'record-decision', decision: 'x', actions: [] }).refused('not-allowed', /record the decision/);
    const then = given(atStage4()).when(people.morgan, uk('2027-01-06T10:00'), { kind: 'record-decision', decision: 'Conference to be convened', actions: [] })
      .then([{ type: 'decision-recorded', stage: 4, decision: 'Conference to be convened' }]);
    assert.deepEqual(told(then.decision), [['Alex Morgan', 'closed'], ['Sam Taylor', 'closed']]);
    assert.equal(then.state.status, 'closed');
  });

  it('nobody records a decision at a level an agreed outcome closes', () => {
    given(raised()).when(people.alex, uk('2026-12-29T10:00'), { kind: 'record-decision', decision: 'x', actions: [] }).refused('wrong-state', /an agreed outcome closes it/);
  });

  it('a decision is written', () => {
    given(atStage4()).when(people.morgan, uk('2027-01-06T10:00'), { kind: 'record-decision', decision: ' ', actions: [] }).refused('invalid', /Write the decision/);
  });
});
