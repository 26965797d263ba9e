import type { Account, SideName } from '../domain/dispute';
import { open } from '../domain/evolve';
import { accept, blank, iso, person, post, refuse } from '../domain/decider/context';
import { otherSide } from '../domain/roles';
import { choices, limited, object } from './card-fields';
import { allow, card, command, forbid } from './command';

/** A professional's account of their position: why they are worried, the indicators, the impact on the child. */
export type RecordAccount = { kind: 'record-account'; account: Account };

export default command<RecordAccount, SideName>({
  kind: 'record-account',
  applies: 'open',
  rule: (_d, c) => (c.actor.role.kind === 'party' ? allow(c.actor.role.side) : forbid('Only the two professionals record an account.')),
  decide(state, c, _ctx, side) {
    if (blank(c.account.position)) return refuse('invalid', 'Say what your position is and why.');
    return accept(
      [{ type: 'account-recorded', at: iso(c.now), by: person(c.actor), side, account: c.account }],
      post({ kind: 'account-recorded', side }, [state.sides[otherSide(side)].professional]),
    );
  },
  entries: {
    'account-recorded': (e) => `Recorded their account. Why worried or not: ${e.account.position}. Indicators: ${e.account.indicators.join(', ') || 'none'}. Impact: ${e.account.impact}. Evidence: ${e.account.evidence || 'none given'}.`,
  },
  folds: {
    'account-recorded': (state, e) => {
      const s = open(state, e);
      return { ...s, accounts: { ...s.accounts, [e.side]: { ...e.account, by: e.by, at: e.at } } };
    },
  },
  card: card({
    schema: object({ accountPosition: limited('Your account', 'accountPosition'), accountIndicators: choices('Indicators of need'), accountImpact: limited('Impact on the child', 'accountImpact'), accountEvidence: limited('The evidence', 'accountEvidence') }),
    build: (d) => ({ body: { kind: 'record-account', account: { position: d.accountPosition, indicators: d.accountIndicators, impact: d.accountImpact, evidence: d.accountEvidence } } }),
    done: 'Your account is recorded. The other professional has been told.',
    probe: () => ({ kind: 'record-account', account: { position: 'p', indicators: [], impact: 'i', evidence: 'e' } }),
  }),
  notices: {
    'account-recorded': (n, d) => `${d.sides[n.side].professional.name} has recorded their account on ${d.reference}. Open your view of the card to read it.`,
  },
});
