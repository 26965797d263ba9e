import { open } from '../domain/evolve';
import { z } from 'zod';
import { accept, blank, iso, person, post, refuse } from '../domain/decider/context';
import { parties } from '../domain/roles';
import { limited, object } from './card-fields';
import { ALLOWED, card, command, forbid, notNow } from './command';

/** On the route about a request for a Child Protection Conference: the decision on the request, with reasons for a refusal. */
export type DecideConferenceRequest = { kind: 'decide-conference-request'; agreed: boolean; reasons: string };

const decided = (agreed: boolean, reasons: string) => `${agreed ? 'Agreed' : 'Refused'} the request for a Child Protection Conference. ${reasons}`;

export default command<DecideConferenceRequest>({
  kind: 'decide-conference-request',
  applies: 'open',
  rule(d, c) {
    if (!d.protocol.route.decidesConferenceRequest) return notNow('This route is not about a request for a Child Protection Conference.');
    const role = c.actor.role;
    return (role.kind === 'party' || role.kind === 'manager') && role.side === 'respondent' ? ALLOWED : forbid('Children\'s Social Care (the professional asked, or their manager) decides the request.');
  },
  decide(state, c) {
    if (!c.agreed && blank(c.reasons)) return refuse('invalid', 'A refusal must be recorded with its reasons.');
    return accept(
      [{ type: 'conference-request-decided', at: iso(c.now), by: person(c.actor), agreed: c.agreed, reasons: c.reasons }],
      post({ kind: 'conference-request-decided', agreed: c.agreed }, parties(state)),
    );
  },
  entries: {
    'conference-request-decided': (e) => decided(e.agreed, e.reasons),
  },
  history: (d) => (d.conferenceRequest ? [{ at: d.conferenceRequest.at, who: d.conferenceRequest.by.name, what: decided(d.conferenceRequest.agreed, d.conferenceRequest.reasons), tried: true }] : []),
  folds: {
    'conference-request-decided': (state, e) => ({ ...open(state, e), conferenceRequest: { agreed: e.agreed, reasons: e.reasons, by: e.by, at: e.at } }),
  },
  card: card({
    schema: object({
      conferenceAgreed: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], { error: 'Choose agree or refuse.' }),
      conferenceReasons: limited('Reasons', 'conferenceReasons'),
    }),
    build: (d) => ({ body: { kind: 'decide-conference-request', agreed: d.conferenceAgreed, reasons: d.conferenceReasons } }),
    done: 'The decision on the request is recorded.',
    probe: () => ({ kind: 'decide-conference-request', agreed: true, reasons: '' }),
  }),
  notices: {
    'conference-request-decided': (n, d) => `The request for a Child Protection Conference on ${d.reference} was ${n.agreed ? 'agreed' : 'refused; the reasons are recorded on the card'}.`,
  },
});
