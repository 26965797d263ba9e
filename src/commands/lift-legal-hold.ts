import type { Dispute } from '../domain/dispute';
import { existing } from '../domain/evolve';
import { activeHold } from '../domain/dispute';
import { accept, iso, person, refuse } from '../domain/decider/context';
import { secretariat } from '../domain/permissions';
import { object } from './card-fields';
import { byRule, card, command } from './command';

/** The secretariat lifts the hold: the record is kept for its retention period again (see place-legal-hold.ts). */
export type LiftLegalHold = { kind: 'lift-legal-hold' };

const HOLD_LIFTED = 'Lifted the legal hold: the record is kept for its retention period, then deleted';

export default command<LiftLegalHold, void, Dispute>({
  kind: 'lift-legal-hold',
  applies: 'any',
  rule: byRule(secretariat),
  decide(state, c) {
    const held = activeHold(state);
    if (!held) return refuse('wrong-state', `${state.reference} is not on legal hold.`);
    return accept([{ type: 'legal-hold-lifted', at: iso(c.now), by: person(c.actor), basis: held.basis }], [{ type: 'refresh-thread-card' }]);
  },
  entries: {
    'legal-hold-lifted': () => `${HOLD_LIFTED}.`,
  },
  history: (d) => (d.legalHolds ?? []).flatMap((h) => (h.liftedAt ? [{ at: h.liftedAt, who: h.liftedBy?.name ?? 'Secretariat', what: HOLD_LIFTED, tried: false }] : [])),
  folds: {
    // The hold placed last is the one lifted.
    'legal-hold-lifted': (state, e) => {
      const s = existing(state, e);
      const holds = s.legalHolds ?? [];
      return { ...s, legalHolds: holds.map((h, i) => (i === holds.length - 1 ? { ...h, liftedBy: e.by, liftedAt: e.at } : h)) };
    },
  },
  card: card({
    schema: object({}),
    build: () => ({ body: { kind: 'lift-legal-hold' } }),
    done: 'The legal hold is lifted: the dispute is deleted when its retention period ends, at once if it already has.',
    probe: (d) => (activeHold(d) ? { kind: 'lift-legal-hold' } : []),
    secretariatView: true,
  }),
});
