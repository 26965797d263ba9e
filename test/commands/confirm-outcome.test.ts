import assert from 'node:assert/strict';
import { expire, people, raised, run, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';
import { proposal } from './propose-outcome.test';

describe('confirm-outcome', () => {
  it('closes only once every party and every manager involved has confirmed', () => {
    let d = run(expire(raised()), people.alex, uk('2026-12-30T10:00'), proposal);
    given(d).when(people.dan, uk('2026-12-30T10:05'), { kind: 'confirm-outcome' }).refused('not-allowed', /confirm the outcome/);
    d = given(d).when(people.sam, uk('2026-12-30T10:10'), { kind: 'confirm-outcome' }).then([{ type: 'outcome-confirmed' }]).state;
    d = run(d, people.priya, uk('2026-12-30T10:20'), { kind: 'confirm-outcome' });
    assert.equal(d.status, 'open');
    const closed = given(d).when(people.jo, uk('2026-12-30T10:30'), { kind: 'confirm-outcome' })
      .then([{ type: 'outcome-confirmed' }, { type: 'agreed' }], [{ type: 'post-to-thread', notice: { kind: 'closed', how: 'agreed' } }]).state;
    assert.ok(closed.status === 'closed' && closed.closure.how === 'agreed' && closed.closure.proposal.actions.length === 1);
    assert.equal('deadline' in closed, false, 'a closed dispute has no deadline');
  });

  it('confirming twice has the effect of once; there must be a proposal', () => {
    const d = run(raised(), people.alex, uk('2026-12-29T10:00'), proposal);
    given(d).when(people.alex, uk('2026-12-29T10:01'), { kind: 'confirm-outcome' }).nothingHappens();
    given(raised()).when(people.alex, uk('2026-12-29T10:01'), { kind: 'confirm-outcome' }).refused('wrong-state', /no proposed outcome/);
  });
});
