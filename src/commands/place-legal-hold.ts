import { existing } from '../domain/evolve';
import { z } from 'zod';
import type { Dispute } from '../domain/dispute';
import { activeHold } from '../domain/dispute';
import { accept, iso, person, refuse } from '../domain/decider/context';
import { HOLD_BASES, HoldBasis } from '../domain/dispute';
import { formatMoment } from '../domain/narrative';
import { secretariat } from '../domain/permissions';
import { object } from './card-fields';
import { byRule, card, command } from './command';

/*
 * Legal holds: the secretariat keeps a dispute past its retention period for a practice
 * review, an inquiry, court proceedings or an investigation. Open or closed, both are events
 * in the record; retention skips a dispute while it is held.
 */

export type PlaceLegalHold = { kind: 'place-legal-hold'; basis: HoldBasis };

const holdPlaced = (basis: HoldBasis) => `Placed a legal hold for ${HOLD_BASES[basis]}: the record is kept past its retention period until the hold is lifted`;

export default command<PlaceLegalHold, void, Dispute>({
  kind: 'place-legal-hold',
  applies: 'any',
  rule: byRule(secretariat),
  decide(state, c) {
    if (!(c.basis in HOLD_BASES)) return refuse('invalid', `Say why the record must be kept: ${Object.keys(HOLD_BASES).join(', ')}.`);
    const held = activeHold(state);
    if (held) return refuse('wrong-state', `${state.reference} has been on legal hold for ${HOLD_BASES[held.basis]} since ${formatMoment(held.placedAt)}.`);
    return accept([{ type: 'legal-hold-placed', at: iso(c.now), by: person(c.actor), basis: c.basis }], [{ type: 'refresh-thread-card' }]);
  },
  entries: {
    'legal-hold-placed': (e) => `${holdPlaced(e.basis)}.`,
  },
  history: (d) => (d.legalHolds ?? []).map((h) => ({ at: h.placedAt, who: h.placedBy.name, what: holdPlaced(h.basis), tried: false })),
  folds: {
    'legal-hold-placed': (state, e) => {
      const s = existing(state, e);
      return { ...s, legalHolds: [...(s.legalHolds ?? []), { basis: e.basis, placedBy: e.by, placedAt: e.at }] };
    },
  },
  card: card({
    schema: object({ holdBasis: z.enum(Object.keys(HOLD_BASES) as [HoldBasis, ...HoldBasis[]], { error: 'Choose why the record must be kept.' }) }),
    build: (d) => ({ body: { kind: 'place-legal-hold', basis: d.holdBasis } }),
    done: 'The legal hold is placed: this dispute will not be deleted at the end of its retention period until the hold is lifted.',
    probe: (d) => (activeHold(d) ? [] : { kind: 'place-legal-hold', basis: 'inquiry' }),
    secretariatView: true,
  }),
});
