import type { Dispute, Instant } from '../domain/dispute';
import { clockReached } from '../domain/decider/timers';
import { ALLOWED, command, forbid } from './command';

/**
 * The protocol's clock reports a moment it read as due, for the exact moment it read: the next
 * tier, a reminder, a level running out; after closure, an agreed action falling due. Every
 * instance's sweep may report the same moment; the second finds it already dealt with.
 */
export type DeadlineReached = { kind: 'deadline-reached'; due: Instant };

export default command<DeadlineReached, void, Dispute>({
  kind: 'deadline-reached',
  applies: 'any',
  rule: (_d, c) => (c.actor.role.kind === 'system' ? ALLOWED : forbid('Only the protocol clock reports a deadline.')),
  decide: (state, c, ctx) => clockReached(state, c, ctx),
  entries: {},
  // The deadline itself (however late the clock noticed it), or the moment the next tier is due.
  bringsPeopleIn: (state, c, now) => state.status !== 'closed' && (now >= new Date(state.deadline.due) || c.due === state.attention?.nextTierAt),
  folds: {},
});
