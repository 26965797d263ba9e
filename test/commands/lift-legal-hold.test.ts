import assert from 'node:assert/strict';
import { activeHold } from '../../src/domain/dispute';
import { people, raised, run, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

describe('lift-legal-hold', () => {
  it('the secretariat lifts the hold in force; the record keeps both', () => {
    const held = run(raised(), people.morgan, uk('2026-12-29T10:00'), { kind: 'place-legal-hold', basis: 'inquiry' });
    given(held).when(people.alex, uk('2026-12-29T11:00'), { kind: 'lift-legal-hold' }).refused('not-allowed', /secretariat/);
    const lifted = given(held).when(people.morgan, uk('2026-12-29T11:00'), { kind: 'lift-legal-hold' }).then([{ type: 'legal-hold-lifted', basis: 'inquiry' }]).state;
    assert.equal(activeHold(lifted), undefined);
    assert.equal(lifted.legalHolds?.[0]?.liftedBy?.name, 'Morgan Reid');
    given(lifted).when(people.morgan, uk('2026-12-29T11:05'), { kind: 'lift-legal-hold' }).refused('wrong-state', /not on legal hold/);
  });
});
