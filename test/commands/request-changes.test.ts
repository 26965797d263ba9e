import assert from 'node:assert/strict';
import { people, raised, run, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';
import { proposal } from './propose-outcome.test';

describe('request-changes', () => {
  it('re-opens the proposal and tells whoever proposed it', () => {
    const d = run(raised(), people.alex, uk('2026-12-29T10:00'), proposal);
    const after = given(d).when(people.sam, uk('2026-12-29T10:05'), { kind: 'request-changes', reason: 'Add a date for the visit' })
      .then([{ type: 'outcome-changes-requested' }], [{ type: 'post-to-thread', notice: { kind: 'outcome-changes-requested' }, mention: [people.alex] }]).state;
    assert.equal(after.proposal, undefined);
    given(after).when(people.sam, uk('2026-12-29T10:06'), { kind: 'confirm-outcome' }).refused('wrong-state');
  });

  it('says what should change, and needs a proposal to change', () => {
    const d = run(raised(), people.alex, uk('2026-12-29T10:00'), proposal);
    given(d).when(people.sam, uk('2026-12-29T10:05'), { kind: 'request-changes', reason: '' }).refused('invalid', /what should change/);
    given(raised()).when(people.sam, uk('2026-12-29T10:05'), { kind: 'request-changes', reason: 'x' }).refused('wrong-state');
  });
});
