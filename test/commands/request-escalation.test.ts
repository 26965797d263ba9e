import { expire, people, raised, run, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

describe('request-escalation', () => {
  it('a professional asks, with why it cannot wait; their own first-line manager is asked', () => {
    given(raised()).when(people.alex, uk('2026-12-29T09:00'), { kind: 'request-escalation', reason: 'No reply and the child is still missing school' })
      .then([{ type: 'escalation-requested', side: 'raiser' }], [{ type: 'post-to-thread', notice: { kind: 'escalation-requested', side: 'raiser' }, mention: [people.priya] }]);
    given(raised()).when(people.alex, uk('2026-12-29T09:00'), { kind: 'request-escalation', reason: ' ' }).refused('invalid', /cannot wait/);
  });

  it('managers escalate from their card instead; nobody asks twice', () => {
    given(raised()).when(people.priya, uk('2026-12-29T09:00'), { kind: 'request-escalation', reason: 'x' }).refused('not-allowed', /managers escalate from their card/);
    const asked = run(raised(), people.alex, uk('2026-12-29T09:00'), { kind: 'request-escalation', reason: 'No reply' });
    given(asked).when(people.sam, uk('2026-12-29T09:05'), { kind: 'request-escalation', reason: 'Me too' }).refused('wrong-state', /already waiting/);
  });

  it('not at a level the managers lead and move on themselves', () => {
    given(expire(expire(expire(raised())))).when(people.alex, uk('2027-01-05T17:00'), { kind: 'request-escalation', reason: 'x' }).refused('wrong-state');
  });
});
