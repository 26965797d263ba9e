import assert from 'node:assert/strict';
import { activeHold } from '../../src/domain/dispute';
import { people, raised, run, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

describe('place-legal-hold', () => {
  it('the secretariat keeps a dispute, open or closed, past its retention period, for a reason given', () => {
    const closed = run(raised(), people.alex, uk('2026-12-29T10:00'), { kind: 'withdraw', reason: 'Resolved' });
    const held = given(closed).when(people.morgan, uk('2027-03-01T10:00'), { kind: 'place-legal-hold', basis: 'practice-review' })
      .then([{ type: 'legal-hold-placed', basis: 'practice-review', by: people.morgan }], [{ type: 'refresh-thread-card' }]).state;
    assert.equal(activeHold(held)?.basis, 'practice-review');
    given(raised()).when(people.morgan, uk('2026-12-29T10:00'), { kind: 'place-legal-hold', basis: 'inquiry' }).then([{ type: 'legal-hold-placed' }]);
  });

  it('is for the secretariat alone, and one hold at a time', () => {
    given(raised()).when(people.alex, uk('2026-12-29T10:00'), { kind: 'place-legal-hold', basis: 'inquiry' }).refused('not-allowed', /secretariat/);
    const held = run(raised(), people.morgan, uk('2026-12-29T10:00'), { kind: 'place-legal-hold', basis: 'inquiry' });
    given(held).when(people.morgan, uk('2026-12-29T11:00'), { kind: 'place-legal-hold', basis: 'court-proceedings' }).refused('wrong-state', /has been on legal hold for an inquiry since Tue 29 Dec 2026, 10:00/);
  });
});
