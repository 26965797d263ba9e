import { people, raised, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

const account = { position: 'Threshold for tier 4 met', indicators: ['Neglect'], impact: 'Hungry', evidence: 'Attendance log' };

describe('record-account', () => {
  it('each professional records their account, and the other is told', () => {
    const then = given(raised()).when(people.sam, uk('2026-12-29T09:00'), { kind: 'record-account', account })
      .then([{ type: 'account-recorded', side: 'respondent', account }], [{ type: 'post-to-thread', notice: { kind: 'account-recorded', side: 'respondent' }, mention: [people.alex] }]);
    given(then.state).when(people.alex, uk('2026-12-29T09:10'), { kind: 'record-account', account }).then([{ type: 'account-recorded', side: 'raiser' }]);
  });

  it('managers do not record an account, and an account says what the position is', () => {
    given(raised()).when(people.priya, uk('2026-12-29T09:00'), { kind: 'record-account', account }).refused('not-allowed', /two professionals/);
    given(raised()).when(people.sam, uk('2026-12-29T09:00'), { kind: 'record-account', account: { ...account, position: ' ' } }).refused('invalid', /position/);
  });
});
