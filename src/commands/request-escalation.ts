import type { SideName } from '../domain/dispute';
import { open } from '../domain/evolve';
import { accept, blank, iso, person, post, refuse } from '../domain/decider/context';
import { includes } from '../domain/person';
import { movers, requestDeciders } from '../domain/permissions';
import { isLastLevel, levelName } from '../domain/protocol';
import { limited, object } from './card-fields';
import { allow, card, command, forbid } from './command';

/** A professional asks to escalate before the timescale runs out, with the reason it cannot wait. */
export type RequestEscalation = { kind: 'request-escalation'; reason: string };

const asked = (reason: string) => `Asked to escalate: ${reason}`;

export default command<RequestEscalation, SideName>({
  kind: 'request-escalation',
  applies: 'open',
  rule: (_d, c) => (c.actor.role.kind === 'party' ? allow(c.actor.role.side) : forbid('Only the two professionals can ask to escalate; managers escalate from their card.')),
  decide(state, c, ctx, side) {
    if (isLastLevel(ctx.protocol, state.stage) || state.status !== 'open') return refuse('wrong-state', 'This dispute is already waiting for a decision to move on.');
    if (state.escalationRequest) return refuse('wrong-state', 'An escalation request is already waiting for a manager.');
    if (blank(c.reason)) return refuse('invalid', 'Say why this cannot wait for the timescale to run out.');
    if (includes(movers(state).people, c.actor)) return refuse('wrong-state', `You can move it to ${levelName(ctx.protocol, state.stage + 1)} yourself, from the card.`);
    return accept(
      [{ type: 'escalation-requested', at: iso(c.now), by: person(c.actor), side, reason: c.reason }],
      post({ kind: 'escalation-requested', side }, requestDeciders(state, side)),
    );
  },
  entries: {
    'escalation-requested': (e) => asked(e.reason),
  },
  history: (d) => (d.escalationRequest ? [{ at: d.escalationRequest.at, who: d.escalationRequest.by.name, what: asked(d.escalationRequest.reason), tried: false }] : []),
  folds: {
    'escalation-requested': (state, e) => ({ ...open(state, e), escalationRequest: { by: e.by, side: e.side, reason: e.reason, at: e.at } }),
  },
  card: card({
    schema: object({ requestReason: limited('Why this cannot wait', 'requestReason') }),
    build: (d) => ({ body: { kind: 'request-escalation', reason: d.requestReason } }),
    done: 'Your manager has been asked to decide.',
    probe: () => ({ kind: 'request-escalation', reason: 'r' }),
  }),
  notices: {
    'escalation-requested': (n, d) => `${d.sides[n.side].professional.name} has asked to escalate ${d.reference}. Please approve or decline, with a reason, from your view of the card.`,
  },
});
