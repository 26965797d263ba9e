import type { Dispute } from '../domain/dispute';
import type { Effect } from '../domain/messages';
import { stageName } from '../domain/narrative';
import { describePeople } from '../domain/permissions';
import { levelAt } from '../domain/protocol';
import type { Delivery } from '../store/dispute-document';
import { emergencyText } from './notice-text';
import { noticeText } from '../commands/words';

/** Notices that bring people in to act: their message carries the dispute's card. */
const BRINGS_PEOPLE_IN = new Set(['stage-entered', 'approval-needed', 'escalation-requested']);

/**
 * The messages a decision's effects become, with their words fixed now, from the state the
 * decision produced: one item per person for personal messages, so each is delivered, retried
 * and given up on its own. `asOf` is the history entry the decision ended at.
 */
export function deliveriesFor(effects: readonly Effect[], d: Dispute, asOf: number, emergencyContact: string): Delivery[] {
  return effects.flatMap((effect): Delivery[] => {
    switch (effect.type) {
      case 'open-thread':
        return [{ kind: 'open-thread' }];
      case 'refresh-thread-card':
        return [{ kind: 'refresh-card' }];
      case 'post-to-thread':
        return [{ kind: 'thread-post', text: noticeText(effect.notice, d), mention: effect.mention, withCard: BRINGS_PEOPLE_IN.has(effect.notice.kind) }];
      case 'notify-person':
        return [{ kind: 'personal', to: effect.to, text: noticeText(effect.notice, d) }];
      case 'show-emergency-route':
        return [{ kind: 'thread-post', text: emergencyText(d, emergencyContact, effect.declaredBy), mention: effect.mention, withCard: false }];
      case 'send-written-account': {
        // The account carries the child's details: each person the level brings in gets it in their own chat.
        const told = `${d.reference} has been referred to ${stageName(d, effect.stage)}. The written account of the dispute and of what was tried has been sent to ${describePeople(d.protocol, levelAt(d.protocol, effect.stage).lead, effect.stage)}.`;
        return [
          ...effect.mention.map((to): Delivery => ({ kind: 'written-account', to, asOf, stage: effect.stage })),
          { kind: 'thread-post', text: told, mention: effect.mention, withCard: false },
        ];
      }
      case 'sync-calendar':
        return [{ kind: 'calendar', convenedAt: effect.convenedAt }];
    }
  });
}

/** Whether a delivery goes into the dispute's thread (and so waits for it, and keeps its order there). */
export const inThread = (delivery: Delivery): boolean => delivery.kind === 'thread-post' || delivery.kind === 'refresh-card';
