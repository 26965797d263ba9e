import { open } from '../domain/evolve';
import { z } from 'zod';
import { accept, blank, iso, person, post, refuse } from '../domain/decider/context';
import type { Dispute } from '../domain/dispute';
import { includes } from '../domain/person';
import { ConferenceRequest, rungKeys } from '../domain/protocol';
import { parties, resolvePeople } from '../domain/roles';
import { limited, object } from './card-fields';
import { ALLOWED, card, command, forbid, notNow } from './command';

/** On the route about a request for a Child Protection Conference: the decision on the request, with reasons for a refusal. */
export type DecideConferenceRequest = { kind: 'decide-conference-request'; agreed: boolean; reasons: string };

const decided = (agreed: boolean, reasons: string) => `${agreed ? 'Agreed' : 'Refused'} the request for a Child Protection Conference. ${reasons}`;

/** Who decides, as the route says; a dispute raised before routes said so keeps the rule it was raised under. */
function conferenceRequestOf(d: Dispute): ConferenceRequest | undefined {
  const route = d.protocol.route;
  if (route.conferenceRequest) return route.conferenceRequest;
  if (!route.decidesConferenceRequest) return undefined;
  const respondent = ['respondent' as const];
  return { decidedBy: [{ who: 'professionals', sides: respondent }, ...rungKeys(d.protocol).map((rung) => ({ who: 'chain' as const, rung, sides: respondent }))], by: 'the other professional or their managers' };
}


export default command<DecideConferenceRequest>({
  kind: 'decide-conference-request',
  applies: 'open',
  rule(d, c) {
    const request = conferenceRequestOf(d);
    if (!request) return notNow('This route is not about a request for a Child Protection Conference.');
    const deciders = request.decidedBy.flatMap((spec) => resolvePeople(d, spec, d.stage));
    return includes(deciders, c.actor) ? ALLOWED : forbid(`The decision on the request is for ${request.by}.`);
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
