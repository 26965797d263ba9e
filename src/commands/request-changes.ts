import { open } from '../domain/evolve';
import { accept, blank, iso, person, post, refuse } from '../domain/decider/context';
import { confirmer } from '../domain/permissions';
import { limited, object } from './card-fields';
import { byRule, card, command } from './command';

/** Someone who must confirm the proposed outcome asks for it to change instead: the proposal is open again. */
export type RequestChanges = { kind: 'request-changes'; reason: string };

export default command<RequestChanges>({
  kind: 'request-changes',
  applies: 'open',
  rule: byRule(confirmer('Only the professionals and the managers involved can ask for changes.')),
  decide(state, c) {
    if (!state.proposal) return refuse('wrong-state', 'There is no proposed outcome to change.');
    if (blank(c.reason)) return refuse('invalid', 'Say what should change.');
    return accept(
      [{ type: 'outcome-changes-requested', at: iso(c.now), by: person(c.actor), reason: c.reason }],
      post({ kind: 'outcome-changes-requested' }, [state.proposal.by]),
    );
  },
  entries: {
    'outcome-changes-requested': (e) => `Asked for changes to the proposed outcome: ${e.reason}`,
  },
  folds: {
    'outcome-changes-requested': (state, e) => {
      const { proposal: _reopened, ...rest } = open(state, e);
      return rest;
    },
  },
  card: card({
    schema: object({ changesReason: limited('What should change', 'changesReason') }),
    build: (d) => ({ body: { kind: 'request-changes', reason: d.changesReason } }),
    done: 'Your request for changes is recorded; the proposal is open again.',
    probe: () => ({ kind: 'request-changes', reason: 'r' }),
    shownWith: 'confirm-outcome',
  }),
  notices: {
    'outcome-changes-requested': (_n, d) => `Changes were asked for to the proposed outcome for ${d.reference}; the proposal is open again.`,
  },
});
