import { open } from '../domain/evolve';
import { z } from 'zod';
import { accept, iso, nothingToDo, person } from '../domain/decider/context';
import { urgentDeadline } from '../domain/decider/deadlines';
import { entitled } from '../domain/permissions';
import { everyoneInvolved } from '../domain/roles';
import { object } from './card-fields';
import { byRule, card, command } from './command';
import { SAID } from '../domain/narrative';

/** Anyone entitled to the details says the child is at immediate risk: the emergency route at once, the clock in hours. */
export type DeclareImmediateRisk = { kind: 'declare-immediate-risk' };

export default command<DeclareImmediateRisk>({
  kind: 'declare-immediate-risk',
  applies: 'open',
  rule: byRule(entitled),
  decide(state, c, ctx) {
    if (state.immediateRisk) return nothingToDo();
    const urgent = { ...state, immediateRisk: { declaredAt: iso(c.now), by: c.actor } };
    const deadline = urgentDeadline(urgent, state.deadline, state.stage, c.now, ctx);
    return accept(
      [{ type: 'immediate-risk-declared', at: iso(c.now), by: person(c.actor), deadline }],
      [{ type: 'show-emergency-route', mention: everyoneInvolved(state), declaredBy: c.actor.name }, { type: 'refresh-thread-card' }],
    );
  },
  entries: {
    'immediate-risk-declared': () => `${SAID.riskDeclared()}; every level now runs on clock hours.`,
  },
  history: (d) => (d.immediateRisk ? [{ at: d.immediateRisk.declaredAt, who: d.immediateRisk.by.name, what: SAID.riskDeclared(), tried: false }] : []),
  folds: {
    'immediate-risk-declared': (state, e) => ({ ...open(state, e), deadline: e.deadline, immediateRisk: { declaredAt: e.at, by: e.by } }),
  },
  card: card({
    schema: object({ confirmImmediateRisk: z.union([z.literal(true), z.literal('true')], { error: 'Confirm that the child is at immediate risk of significant harm.' }) }),
    build: () => ({ body: { kind: 'declare-immediate-risk' } }),
    done: 'Recorded. If you have not already, call 999 now.',
    probe: () => ({ kind: 'declare-immediate-risk' }),
  }),
});
