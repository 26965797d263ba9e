import type { AdaptiveCard } from '@microsoft/teams-ai';
import { REFRESH_VERB } from './card-actions';
import type { TurnContext } from 'botbuilder';
import type { PersonRef } from '../domain/dispute';
import { senderOf } from './identity';

/** The person who sent the activity, as the record keeps them (resolved once, at the start of the turn). */
export const personOf = (context: TurnContext): PersonRef => senderOf(context);

export const asCard = (card: object) => card as AdaptiveCard;

export const isPersonal = (context: TurnContext) => context.activity.conversation?.conversationType === 'personal';

export class OutOfTime extends Error {}

/** The work, or OutOfTime once `ms` have passed: a press is answered within what Teams waits. */
export function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OutOfTime(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export const STORE_BUSY = 'The store is busy: nothing was saved. Please press again in a moment.';

/** A small card with one line and a way back to the person's view. */
export function messageCard(text: string, disputeId?: string): AdaptiveCard {
  return asCard({
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text, wrap: true, weight: 'Bolder' }],
    ...(disputeId ? { actions: [{ type: 'Action.Execute', title: 'Refresh', verb: REFRESH_VERB, data: { disputeId } }] } : {}),
  });
}
