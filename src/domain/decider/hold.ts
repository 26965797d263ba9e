import type { Dispute } from '../dispute';
import { activeHold } from '../dispute';
import { HOLD_BASES } from '../messages';
import { WHO } from '../permissions';
import { accept, Handler, iso, person, refuse, refused } from './context';

/*
 * Legal holds: the secretariat keeps a dispute past its retention period for a practice
 * review, an inquiry, court proceedings or an investigation. Open or closed, both are events
 * in the record; retention skips a dispute while it is held.
 */

const when = (at: string) => new Date(at).toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

export const placeLegalHold: Handler<'place-legal-hold', Dispute> = (state, c) => {
  const notAllowed = WHO['place-legal-hold'](state, c.actor);
  if (notAllowed) return refused(notAllowed);
  if (!(c.basis in HOLD_BASES)) return refuse('invalid', `Say why the record must be kept: ${Object.keys(HOLD_BASES).join(', ')}.`);
  const held = activeHold(state);
  if (held) return refuse('wrong-state', `${state.reference} has been on legal hold for ${HOLD_BASES[held.basis]} since ${when(held.placedAt)}.`);
  return accept([{ type: 'legal-hold-placed', at: iso(c.now), by: person(c.actor), basis: c.basis }], [{ type: 'refresh-thread-card' }]);
};

export const liftLegalHold: Handler<'lift-legal-hold', Dispute> = (state, c) => {
  const notAllowed = WHO['lift-legal-hold'](state, c.actor);
  if (notAllowed) return refused(notAllowed);
  const held = activeHold(state);
  if (!held) return refuse('wrong-state', `${state.reference} is not on legal hold.`);
  return accept([{ type: 'legal-hold-lifted', at: iso(c.now), by: person(c.actor), basis: held.basis }], [{ type: 'refresh-thread-card' }]);
};
