import assert from 'node:assert/strict';
import { expire, people, raised, uk } from '../support/dispute-fixtures';
import { given, mentioned } from '../support/given';

describe('manager-disagrees', () => {
  it('is recorded from the level that brings the manager in, and shown to the other side', () => {
    given(raised()).when(people.jo, uk('2026-12-29T09:00'), { kind: 'manager-disagrees', view: 'x' }).refused('wrong-state', /when it reaches your level/);
    const then = given(expire(raised())).when(people.jo, uk('2026-12-30T09:00'), { kind: 'manager-disagrees', view: 'I think tier 4 is met' })
      .then([{ type: 'manager-disagreed', side: 'respondent', view: 'I think tier 4 is met' }]);
    assert.ok(mentioned(then.decision).includes('Alex Morgan'));
    assert.equal(then.state.managerViews[0]?.by.name, 'Jo Evans');
  });

  it('is for managers, with their view written', () => {
    given(expire(raised())).when(people.sam, uk('2026-12-30T09:00'), { kind: 'manager-disagrees', view: 'x' }).refused('not-allowed', /Only a manager/);
    given(expire(raised())).when(people.jo, uk('2026-12-30T09:00'), { kind: 'manager-disagrees', view: ' ' }).refused('invalid');
  });
});
