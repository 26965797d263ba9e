import { people, raised, uk } from '../support/dispute-fixtures';
import { given } from '../support/given';

const conferenceRoute = () => raised({ route: 'cp-conference-need' });

describe('decide-conference-request', () => {
  it('social care decides a request for a Child Protection Conference; a refusal is recorded with its reasons', () => {
    given(conferenceRoute()).when(people.sam, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: false, reasons: '' }).refused('invalid', /reasons/);
    given(conferenceRoute()).when(people.sam, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: false, reasons: 'Section 47 enquiries found no significant harm' })
      .then([{ type: 'conference-request-decided', agreed: false }], [{ type: 'post-to-thread', notice: { kind: 'conference-request-decided', agreed: false }, mention: [people.alex, people.sam] }]);
    given(conferenceRoute()).when(people.jo, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: true, reasons: '' }).then([{ type: 'conference-request-decided', agreed: true }]);
  });

  it('is not the requester\'s to decide, and belongs to its own route only', () => {
    given(conferenceRoute()).when(people.alex, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: true, reasons: '' }).refused('not-allowed', /decides the request/);
    given(raised()).when(people.sam, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: true, reasons: '' }).refused('wrong-state', /not about a request/);
  });
});
