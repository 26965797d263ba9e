import { open } from '../domain/evolve';
import { accept, blank, iso, person, post, refuse } from '../domain/decider/context';
import { stageDeadline } from '../domain/decider/deadlines';
import { dueText } from '../domain/narrative';
import { includes } from '../domain/person';
import { movers } from '../domain/permissions';
import type { StageNumber } from '../domain/protocol';
import { parties } from '../domain/roles';
import { limited, object, stage } from './card-fields';
import { ALLOWED, card, command, forbid, REPEAT } from './command';
import { professionalNeverMoves } from './escalation-rules';
import { formatMoment } from '../domain/narrative';

/** Keep the dispute at its level, with the reason: a professional's request, or the move the timescale asked for. */
export type DeclineEscalation = { kind: 'decline-escalation'; reason: string; fromStage: StageNumber };

const declined = (reason: string) => `Declined escalation: ${reason}`;

export default command<DeclineEscalation>({
  kind: 'decline-escalation',
  applies: 'open',
  rule(d, c) {
    const never = professionalNeverMoves(d, c);
    if (never) return never;
    if (c.fromStage !== d.stage) return REPEAT;
    // Someone decided first (the request is gone, or the move was already declined): nothing is left to decline.
    if (!d.escalationRequest && d.status !== 'awaiting-approval') return REPEAT;
    return includes(movers(d).people, c.actor) ? ALLOWED : forbid(`Only ${movers(d).who} decide whether this dispute moves on.`);
  },
  decide(state, c, ctx) {
    if (blank(c.reason)) return refuse('invalid', 'Give the reason for declining; it is shown to both sides.');
    // Declining a move the timescale asked for keeps the level working on a fresh timescale.
    const deadline = state.status === 'awaiting-approval' ? stageDeadline(state, state.stage, c.now, ctx) : undefined;
    const requester = state.escalationRequest ? [state.escalationRequest.by] : parties(state);
    return accept(
      [{ type: 'escalation-declined', at: iso(c.now), by: person(c.actor), reason: c.reason, ...(deadline ? { deadline } : {}) }],
      post({ kind: 'escalation-declined', by: c.actor.name }, requester),
    );
  },
  entries: {
    'escalation-declined': (e) => `${declined(e.reason)}${e.deadline ? `. The level goes on, due ${formatMoment(e.deadline.due)}` : ''}.`,
  },
  history: (d) => d.declinedEscalations.map((x) => ({ at: x.at, who: x.by.name, what: declined(x.reason), tried: true })),
  folds: {
    'escalation-declined': (state, e) => {
      const s = open(state, e);
      const { escalationRequest: _declined, ...rest } = s;
      return { ...rest, status: 'open', deadline: e.deadline ?? s.deadline, declinedEscalations: [...s.declinedEscalations, { by: e.by, reason: e.reason, at: e.at }] };
    },
  },
  card: card({
    schema: object({ fromStage: stage, escalationReason: limited('Reason', 'escalationReason') }),
    build: (d) => ({ body: { kind: 'decline-escalation', reason: d.escalationReason, fromStage: d.fromStage } }),
    done: 'Declined; your reason is recorded and shown.',
    probe: (d) => ({ kind: 'decline-escalation', reason: 'r', fromStage: d.stage }),
    shownWith: 'approve-escalation',
  }),
  notices: {
    'escalation-declined': (n, d) => `${n.by} declined escalation of ${d.reference}; the reason is on the card for the people involved. ${dueText(d)}.`,
  },
});
