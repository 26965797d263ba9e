import type { CommandBody } from '../../src/commands';
import { people, raised, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

export const proposal: CommandBody = {
  kind: 'propose-outcome',
  outcome: 'Strategy discussion to be held',
  outstandingIssues: 'School attendance support',
  actions: [{ description: 'Hold strategy discussion', owner: 'Jo Evans', due: '2027-01-06' }],
  howPursued: 'Core group review',
};

describe('propose-outcome', () => {
  it('is put to everyone who must confirm it (at Stage 1, the other professional), counting the proposer as confirmed', () => {
    given(raised()).when(people.alex, uk('2026-12-29T10:00'), proposal)
      .then([{ type: 'outcome-proposed', proposal: { outcome: 'Strategy discussion to be held', confirmedBy: [people.alex.key] } }], [{ type: 'post-to-thread', notice: { kind: 'outcome-proposed' }, mention: [people.sam] }]);
  });

  it('an outcome is written, and every action has what, who and by when', () => {
    given(raised()).when(people.alex, uk('2026-12-29T10:00'), { ...proposal, outcome: ' ' } as CommandBody).refused('invalid', /Write the agreed outcome/);
    given(raised()).when(people.alex, uk('2026-12-29T10:00'), { ...proposal, actions: [{ description: 'Visit', owner: '', due: '' }] } as CommandBody).refused('invalid', /who and by when/);
  });

  it('is for the professionals and the managers involved', () => {
    given(raised()).when(people.dan, uk('2026-12-29T10:00'), proposal).refused('not-allowed', /propose the agreed outcome/);
  });
});
