import { closed, open } from '../domain/evolve';
import { accept, blank, iso, person, post, refuse } from '../domain/decider/context';
import { managersInvolved } from '../domain/roles';
import { limited, object } from './card-fields';
import { ALLOWED, card, command, forbid } from './command';

/** The professional who raised the disagreement withdraws it, with a reason. */
export type Withdraw = { kind: 'withdraw'; reason: string };

const withdrew = (reason: string) => `Withdrew the disagreement: ${reason}`;

export default command<Withdraw>({
  kind: 'withdraw',
  applies: 'open',
  rule: (_d, c) => (c.actor.role.kind === 'party' && c.actor.role.side === 'raiser' ? ALLOWED : forbid('Only the professional who raised the disagreement can withdraw it.')),
  decide(state, c) {
    if (blank(c.reason)) return refuse('invalid', 'Give the reason for withdrawing; it is recorded and shown.');
    return accept(
      [{ type: 'withdrawn', at: iso(c.now), by: person(c.actor), reason: c.reason }],
      post({ kind: 'closed', how: 'withdrawn' }, [state.sides.respondent.professional, ...managersInvolved(state)]),
    );
  },
  entries: {
    withdrawn: (e) => withdrew(e.reason),
  },
  history: (d) => (d.status === 'closed' && d.closure.how === 'withdrawn' ? [{ at: d.closure.at, who: d.closure.by.name, what: withdrew(d.closure.reason), tried: false }] : []),
  folds: {
    withdrawn: (state, e) => closed(open(state, e), { how: 'withdrawn', at: e.at, by: e.by, reason: e.reason }),
  },
  card: card({
    schema: object({ withdrawReason: limited('Reason for withdrawing', 'withdrawReason') }),
    build: (d) => ({ body: { kind: 'withdraw', reason: d.withdrawReason } }),
    done: 'The disagreement is withdrawn; your reason is recorded.',
    probe: () => ({ kind: 'withdraw', reason: 'r' }),
  }),
});
