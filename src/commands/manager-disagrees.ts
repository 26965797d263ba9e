import type { SideName } from '../domain/dispute';
import { open } from '../domain/evolve';
import { accept, blank, iso, person, post, refuse } from '../domain/decider/context';
import { managersInvolved, otherSide } from '../domain/roles';
import { includes } from '../domain/person';
import { limited, object } from './card-fields';
import { allow, card, command, forbid, notNow } from './command';

/** A manager records that they disagree with their own practitioner's assessment. */
export type ManagerDisagrees = { kind: 'manager-disagrees'; view: string };

const managerView = (view: string) => `Disagrees with their own practitioner's assessment: ${view}`;

export default command<ManagerDisagrees, SideName>({
  kind: 'manager-disagrees',
  applies: 'open',
  rule(d, c) {
    const role = c.actor.role;
    if (role.kind !== 'manager') return forbid('Only a manager can record that they disagree with their own practitioner.');
    return includes(managersInvolved(d), c.actor) ? allow(role.side) : notNow('You are brought into this dispute when it reaches your level; your view is recorded from then.');
  },
  decide(state, c, _ctx, side) {
    if (blank(c.view)) return refuse('invalid', 'Say where your view differs from your practitioner\'s assessment.');
    return accept(
      [{ type: 'manager-disagreed', at: iso(c.now), by: person(c.actor), side, view: c.view }],
      post({ kind: 'manager-disagrees', side }, [state.sides[otherSide(side)].professional, ...managersInvolved(state)]),
    );
  },
  entries: {
    'manager-disagreed': (e) => managerView(e.view),
  },
  history: (d) => d.managerViews.map((v) => ({ at: v.at, who: v.by.name, what: managerView(v.view), tried: false })),
  folds: {
    'manager-disagreed': (state, e) => {
      const s = open(state, e);
      return { ...s, managerViews: [...s.managerViews, { by: e.by, side: e.side, view: e.view, at: e.at }] };
    },
  },
  card: card({
    schema: object({ managerView: limited('Your view', 'managerView') }),
    build: (d) => ({ body: { kind: 'manager-disagrees', view: d.managerView } }),
    done: 'Your view is recorded and shown to the other side.',
    probe: () => ({ kind: 'manager-disagrees', view: 'v' }),
  }),
  notices: {
    'manager-disagrees': (n, d) => `A manager for ${d.sides[n.side].professional.name}'s agency disagrees with their practitioner's assessment on ${d.reference}. Their view is on the card.`,
  },
});
