import type { DisputeEvent } from '../domain/messages';
import { closed, open } from '../domain/evolve';
import { accept, iso, nothingToDo, person, post, refuse } from '../domain/decider/context';
import { actionReminders } from '../domain/decider/outcome';
import { isKeyOf } from '../domain/person';
import { confirmer } from '../domain/permissions';
import { requiredConfirmers } from '../domain/roles';
import { object } from './card-fields';
import { byRule, card, command } from './command';

/** One person's confirmation of the proposed outcome; the last one needed closes the dispute as agreed. */
export type ConfirmOutcome = { kind: 'confirm-outcome' };

export default command<ConfirmOutcome>({
  kind: 'confirm-outcome',
  applies: 'open',
  rule: byRule(confirmer('Only the professionals and the managers involved confirm the outcome.')),
  decide(state, c, ctx) {
    if (!state.proposal) return refuse('wrong-state', 'There is no proposed outcome to confirm.');
    const me = person(c.actor);
    if (state.proposal.confirmedBy.some((key) => isKeyOf(key, me))) return nothingToDo();
    const confirmers = requiredConfirmers(state);
    const confirmed = [...state.proposal.confirmedBy, me.key];
    const events: DisputeEvent[] = [{ type: 'outcome-confirmed', at: iso(c.now), by: me, confirmerId: me.key }];
    if (!confirmers.every((p) => confirmed.some((key) => isKeyOf(key, p)))) return accept(events, [{ type: 'refresh-thread-card' }]);
    events.push({ type: 'agreed', at: iso(c.now), actionReminders: actionReminders(state.proposal.actions, c.now, ctx) });
    return accept(events, post({ kind: 'closed', how: 'agreed' }, confirmers));
  },
  entries: {
    'outcome-confirmed': () => 'Confirmed the proposed outcome.',
    agreed: () => 'Everyone involved confirmed the outcome: the dispute is closed with an agreed outcome.',
  },
  folds: {
    'outcome-confirmed': (state, e) => {
      const s = open(state, e);
      return s.proposal ? { ...s, proposal: { ...s.proposal, confirmedBy: [...s.proposal.confirmedBy, e.confirmerId] } } : s;
    },
    agreed: (state, e) => {
      const s = open(state, e);
      return closed(s, { how: 'agreed', at: e.at, proposal: s.proposal! }, e.actionReminders);
    },
  },
  card: card({
    schema: object({}),
    build: () => ({ body: { kind: 'confirm-outcome' } }),
    done: 'Your confirmation is recorded.',
    probe: () => ({ kind: 'confirm-outcome' }),
  }),
});
