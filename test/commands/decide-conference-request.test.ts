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
    given(conferenceRoute()).when(people.alex, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: true, reasons: '' }).refused('not-allowed', /The decision on the request is for Children's Social Care \(the professional asked, or their manager\)\./);
    given(raised()).when(people.sam, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: true, reasons: '' }).refused('wrong-state', /not about a request/);
  });
});

describe('decide-conference-request: who decides is the route\'s to say', () => {
  it('a route naming only the senior managers of social care: the professional asked may not decide, their senior manager may', () => {
    const base = raised({ route: 'cp-conference-need' });
    const protocol = { ...base.protocol, route: { ...base.protocol.route, conferenceRequest: { decidedBy: [{ who: 'chain' as const, rung: 'senior', sides: ['respondent' as const] }], by: 'the senior manager in Children\'s Social Care' } } };
    const d = raised({ route: 'cp-conference-need', protocol });
    given(d).when(people.sam, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: true, reasons: '' }).refused('not-allowed', /^The decision on the request is for the senior manager in Children's Social Care\.$/);
    given(d).when(people.chris, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: true, reasons: '' }).then([{ type: 'conference-request-decided', by: people.chris }]);
  });

  it('a dispute raised before routes said who decides keeps its rule: the other professional or their managers', () => {
    const base = raised({ route: 'cp-conference-need' });
    const { conferenceRequest: _now, ...earlier } = base.protocol.route;
    const d = raised({ route: 'cp-conference-need', protocol: { ...base.protocol, route: { ...earlier, decidesConferenceRequest: true } } });
    given(d).when(people.jo, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: true, reasons: '' }).then([{ type: 'conference-request-decided' }]);
    given(d).when(people.alex, uk('2026-12-29T10:00'), { kind: 'decide-conference-request', agreed: true, reasons: '' }).refused('not-allowed', /is for the other professional or their managers/);
  });
});
