import { CARD_MODULES, decide, viewKeyOf } from '../commands';
import type { DecideContext } from '../domain/decider/context';
import type { Actor, Dispute } from '../domain/dispute';
import { reachableLevels, StageNumber } from '../domain/protocol';

/**
 * Which buttons a person sees, by view key: exactly the commands the rules would accept from
 * them now. Each command's probe (declared with its button, src/commands) is put to the decider, so the
 * card and the decider can never disagree.
 */
export function allowedActions(dispute: Dispute, actor: Actor, now: Date, ctx: DecideContext): Record<string, boolean> {
  const allowed: Record<string, boolean> = {};
  for (const { kind, card } of CARD_MODULES) {
    allowed[viewKeyOf(kind)] = [card.probe(dispute, actor, now)].flat().some((body) => {
      const decision = decide(dispute, { ...body, actor, now } as never, ctx);
      return decision.ok ? decision.events.length > 0 : decision.refusal.code === 'invalid';
    });
  }
  return allowed;
}

/** The levels this person may move the dispute to now (the next, or beyond where they may pass levels over). */
export function reachableFor(dispute: Dispute, actor: Actor, now: Date, ctx: DecideContext): StageNumber[] {
  if (dispute.status === 'closed') return [];
  return reachableLevels(dispute.protocol, dispute.stage).filter((toStage) => {
    const decision = decide(dispute, { kind: 'approve-escalation', fromStage: dispute.stage, toStage, reason: 'r', actor, now }, ctx);
    return decision.ok ? decision.events.length > 0 : decision.refusal.code === 'invalid';
  });
}
