import type { Instant } from '../domain/dispute';
import { open } from '../domain/evolve';
import { accept, iso, person, post, refuse } from '../domain/decider/context';
import { shortened } from '../domain/decider/deadlines';
import { formatMoment } from '../domain/narrative';
import { entitled } from '../domain/permissions';
import { leadsOf, parties, unique } from '../domain/roles';
import { object, soon, text, ukMoment } from './card-fields';
import { byRule, card, command } from './command';

/** A sooner date that protects the child: the shorter timescale always applies. */
export type SetProtectiveDeadline = { kind: 'set-protective-deadline'; due: Instant };

export default command<SetProtectiveDeadline>({
  kind: 'set-protective-deadline',
  applies: 'open',
  rule: byRule(entitled),
  decide(state, c, ctx) {
    const due = new Date(c.due);
    if (Number.isNaN(due.getTime()) || !(due > c.now)) return refuse('invalid', 'The date that protects the child must be in the future.');
    if (!(due < new Date(state.deadline.due))) return refuse('invalid', 'That is not sooner than the current deadline; the shorter timescale always applies.');
    const deadline = shortened(state, state.deadline, due, c.now, ctx);
    return accept(
      [{ type: 'protective-deadline-set', at: iso(c.now), by: person(c.actor), deadline }],
      post({ kind: 'protective-deadline', due: deadline.due }, unique([...parties(state), ...leadsOf(state, state.stage)])),
    );
  },
  entries: {
    'protective-deadline-set': (e) => `Set a sooner date that protects the child: ${formatMoment(e.deadline.due)}.`,
  },
  folds: {
    'protective-deadline-set': (state, e) => ({ ...open(state, e), deadline: e.deadline }),
  },
  card: card({
    schema: object({ protectiveDeadlineDate: text('Date', 10), protectiveDeadlineTime: text('Time', 8) }),
    build: (d) => {
      const due = ukMoment(d.protectiveDeadlineDate, d.protectiveDeadlineTime);
      return due ? { body: { kind: 'set-protective-deadline', due } } : { error: 'Enter the date and time.' };
    },
    done: 'The sooner date now applies.',
    probe: (_d, _a, now) => ({ kind: 'set-protective-deadline', due: soon(now) }),
  }),
  notices: {
    'protective-deadline': (n, d) => `${d.reference} must now be resolved at this stage by ${formatMoment(n.due)}, a sooner date that protects the child.`,
  },
});
