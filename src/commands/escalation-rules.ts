import type { Dispute } from '../domain/dispute';
import type { Given, Permit } from './command';
import { forbid } from './command';

/** Where no level is entered at a professional's request, the professionals never move a dispute on themselves. */
export function professionalNeverMoves(d: Dispute, c: Given): Permit<never> | null {
  if (c.actor.role.kind !== 'party' || d.protocol.levels.some((l) => l.entry.by === 'request')) return null;
  return forbid('Only the managers involved decide escalation; ask your manager from your card.');
}
