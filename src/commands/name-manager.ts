import { open } from '../domain/evolve';
import { z } from 'zod';
import type { Dispute, SideName } from '../domain/dispute';
import type { Effect, NamedManager } from '../domain/messages';
import { accept, iso, nothingToDo, person, post, refuse } from '../domain/decider/context';
import type { PersonKey } from '../domain/person';
import { samePerson } from '../domain/person';
import { rungKeys, rungsUsed, rungTitle } from '../domain/protocol';
import { parties, reached } from '../domain/roles';
import { object, text } from './card-fields';
import { allow, card, command, forbid } from './command';

/** A professional whose manager the directory does not know names them, so the dispute can escalate. */
export type NameManager = { kind: 'name-manager'; rung: string; manager: NamedManager };

/** Nobody: the person a probe names, to ask whether naming anyone could be accepted. */
const PROBE_PERSON = { key: '\u0000probe' as PersonKey, name: 'probe', tenantId: '', aadObjectId: '' };

/** Whether a rung's managers have been brought in already: a level the dispute reached is led at that rung. */
function rungInvolved(state: Dispute, rung: string): boolean {
  return reached(state).some((stage) => {
    const lead = state.protocol.levels[stage - 1]?.lead;
    return lead?.who === 'chain' && rungKeys(state.protocol).indexOf(lead.rung) >= rungKeys(state.protocol).indexOf(rung);
  });
}

export default command<NameManager, SideName>({
  kind: 'name-manager',
  applies: 'open',
  rule: (_d, c) => (c.actor.role.kind === 'party' ? allow(c.actor.role.side) : forbid('Each professional names their own manager.')),
  decide(state, c, ctx, sideName) {
    if (!rungsUsed(ctx.protocol).includes(c.rung)) return refuse('invalid', 'Choose a management level from the list.');
    const side = state.sides[sideName];
    const list = side.managers[c.rung] ?? [];
    const level = rungTitle(ctx.protocol, c.rung);
    if (list.some((p) => samePerson(p, c.manager))) return nothingToDo();
    // Only a missing manager is named: a known one is never replaced from a card.
    if (list.length > 0) return refuse('not-allowed', `Your ${level} for this dispute is already known (${list.map((p) => p.name).join(', ')}). If that is wrong, ask the partnership to correct its directory.`);
    if (parties(state).some((p) => samePerson(p, c.manager))) return refuse('invalid', 'Name your manager, not one of the two professionals.');
    if (c.manager.agency !== side.agency) return refuse('invalid', `Name a manager in your own agency (${side.agency}); ${c.manager.name} is in ${c.manager.agency}.`);
    if (!c.manager.rungs.includes(c.rung)) return refuse('invalid', `${c.manager.name} is not listed in the partnership directory as a ${level}.`);
    const manager = person(c.manager);
    const lead = state.designatedLead && !samePerson(state.designatedLead, manager) ? [state.designatedLead] : [];
    const notice = { kind: 'manager-named' as const, side: sideName, rung: c.rung, manager: manager.name };
    return accept(
      [{ type: 'manager-named', at: iso(c.now), by: person(c.actor), side: sideName, rung: c.rung, manager }],
      [
        ...post(notice, rungInvolved(state, c.rung) ? [manager] : []),
        ...lead.map((to): Effect => ({ type: 'notify-person', to, notice })),
      ],
    );
  },
  entries: {
    'manager-named': (e, d) => `Named ${e.manager.name} as ${d.sides[e.side].professional.name}'s manager.`,
  },
  folds: {
    'manager-named': (state, e) => {
      const s = open(state, e);
      const side = s.sides[e.side];
      const managers = { ...side.managers, [e.rung]: [...(side.managers[e.rung] ?? []), e.manager] };
      return { ...s, sides: { ...s.sides, [e.side]: { ...side, managers } } };
    },
  },
  card: card({
    schema: object({ managerLevel: z.string({ error: 'Choose the management level.' }).regex(/^[a-z0-9-]{1,40}$/, { error: 'Choose the management level from the list.' }), managerId: text('Manager', 200) }),
    build: (d, known) => {
      const manager = known.manager(d.managerId);
      if (!manager) return { error: 'Choose your manager from the list; if they are not there, ask the partnership to add them to its directory.' };
      return { body: { kind: 'name-manager', rung: d.managerLevel, manager } };
    },
    done: 'Thank you: your manager is recorded and will be involved when the dispute reaches their level.',
    // A manager in the party's own agency at any rung: the button shows where naming one could be accepted.
    probe: (d, a) => {
      const agency = a.role.kind === 'party' ? d.sides[a.role.side].agency : '';
      const rungs = rungsUsed(d.protocol);
      return rungs.map((rung) => ({ kind: 'name-manager', rung, manager: { ...PROBE_PERSON, agency, rungs } }));
    },
  }),
  notices: {
    'manager-named': (n, d) => `${d.sides[n.side].professional.name} (${d.sides[n.side].agency}) has named ${n.manager} as their ${rungTitle(d.protocol, n.rung)} for ${d.reference}.`,
  },
});
