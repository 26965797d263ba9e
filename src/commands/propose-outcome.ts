import type { AgreedAction } from '../domain/dispute';
import { open } from '../domain/evolve';
import { accept, blank, iso, person, post, refuse } from '../domain/decider/context';
import { badActions } from '../domain/decider/outcome';
import { samePerson } from '../domain/person';
import { confirmer } from '../domain/permissions';
import { requiredConfirmers } from '../domain/roles';
import { limited, object, parseActions } from './card-fields';
import { byRule, card, command } from './command';
import { actionsText } from '../domain/narrative';
import type { Proposal } from '../domain/dispute';

/** The agreed outcome, put to everyone who must confirm it: outstanding issues, actions and how they are pursued. */
export type ProposeOutcome = { kind: 'propose-outcome'; outcome: string; outstandingIssues: string; actions: AgreedAction[]; howPursued: string };

/** A proposal in a line, as the record and the history tell it. */
const proposalText = (p: Omit<Proposal, 'confirmedBy' | 'by' | 'at'>) => `${p.outcome}. Outstanding issues: ${p.outstandingIssues || 'none'}. Actions: ${actionsText(p.actions)}. How pursued: ${p.howPursued || 'not stated'}`;

export default command<ProposeOutcome>({
  kind: 'propose-outcome',
  applies: 'open',
  rule: byRule(confirmer('Only the professionals and the managers involved propose the agreed outcome.')),
  decide(state, c) {
    if (blank(c.outcome)) return refuse('invalid', 'Write the agreed outcome.');
    if (badActions(c.actions)) return refuse('invalid', 'Every action needs what, who and by when.');
    const me = person(c.actor);
    const proposal = { by: me, at: iso(c.now), outcome: c.outcome, outstandingIssues: c.outstandingIssues, actions: c.actions, howPursued: c.howPursued, confirmedBy: [me.key] };
    return accept([{ type: 'outcome-proposed', at: iso(c.now), proposal }], post({ kind: 'outcome-proposed' }, requiredConfirmers(state).filter((p) => !samePerson(p, me))));
  },
  entries: {
    'outcome-proposed': (e) => ({ who: e.proposal.by.name, what: `Proposed the outcome: ${proposalText(e.proposal)}.` }),
  },
  history: (d) => {
    const p = d.proposal ?? (d.status === 'closed' && d.closure.how === 'agreed' ? d.closure.proposal : undefined);
    return p ? [{ at: p.at, who: p.by.name, what: `Proposed outcome: ${proposalText(p)}. Confirmed by ${p.confirmedBy.length}.`, tried: false }] : [];
  },
  folds: {
    'outcome-proposed': (state, e) => ({ ...open(state, e), proposal: e.proposal }),
  },
  card: card({
    schema: object({ outcome: limited('Agreed outcome', 'outcome'), outstandingIssues: limited('Outstanding issues', 'outstandingIssues'), outcomeActions: limited('Actions', 'outcomeActions'), howPursued: limited('How outstanding issues will be pursued', 'howPursued') }),
    build: (d, known) => {
      const actions = parseActions(d.outcomeActions, known.inDispute);
      if ('error' in actions) return actions;
      return { body: { kind: 'propose-outcome', outcome: d.outcome, outstandingIssues: d.outstandingIssues, actions, howPursued: d.howPursued } };
    },
    done: 'Proposed. Everyone who must confirm has been asked.',
    probe: () => ({ kind: 'propose-outcome', outcome: 'o', outstandingIssues: '', actions: [], howPursued: '' }),
  }),
  notices: {
    'outcome-proposed': (_n, d) => `An agreed outcome for ${d.reference} has been proposed. Please confirm it, or ask for changes, from your view of the card.`,
  },
});
