import assert from 'node:assert/strict';
import { people, raised, run, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

describe('record-themes', () => {
  it('are picked by the professionals once the dispute has closed, and a repeat counts once', () => {
    given(raised()).when(people.alex, uk('2026-12-29T10:00'), { kind: 'record-themes', themes: ['thresholds'] }).refused('wrong-state', /once the dispute has closed/);
    const closed = run(raised(), people.alex, uk('2026-12-29T10:00'), { kind: 'withdraw', reason: 'Resolved by phone' });
    given(closed).when(people.priya, uk('2026-12-29T10:05'), { kind: 'record-themes', themes: ['thresholds'] }).refused('not-allowed', /two professionals/);
    given(closed).when(people.sam, uk('2026-12-29T10:05'), { kind: 'record-themes', themes: [] }).refused('invalid', /at least one theme/);
    const themed = given(closed).when(people.sam, uk('2026-12-29T10:05'), { kind: 'record-themes', themes: ['thresholds', 'information-sharing'] })
      .then([{ type: 'themes-recorded', themes: ['thresholds', 'information-sharing'] }]).state;
    assert.ok(themed.status === 'closed');
    assert.deepEqual(themed.themes?.map((t) => [t.by.name, t.themes]), [['Sam Taylor', ['thresholds', 'information-sharing']]]);
    given(themed).when(people.sam, uk('2026-12-29T10:06'), { kind: 'record-themes', themes: ['thresholds', 'information-sharing'] }).nothingHappens();
  });
});
