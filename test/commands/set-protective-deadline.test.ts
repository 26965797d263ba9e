import { people, raised, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

describe('set-protective-deadline', () => {
  it('a shorter date that protects the child applies; a later or past one is refused', () => {
    const d = raised();
    given(d).when(people.alex, uk('2026-12-24T17:00'), { kind: 'set-protective-deadline', due: uk('2027-01-10T12:00').toISOString() }).refused('invalid', /not sooner/);
    given(d).when(people.alex, uk('2026-12-24T17:00'), { kind: 'set-protective-deadline', due: uk('2026-12-24T16:00').toISOString() }).refused('invalid', /future/);
    given(d).when(people.alex, uk('2026-12-24T17:00'), { kind: 'set-protective-deadline', due: uk('2026-12-28T12:00').toISOString() })
      .then([{ type: 'protective-deadline-set', deadline: { due: uk('2026-12-28T12:00').toISOString() } }], [{ type: 'post-to-thread', notice: { kind: 'protective-deadline' }, mention: [people.alex, people.sam] }]);
  });
});
