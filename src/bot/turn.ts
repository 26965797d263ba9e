import type { AdaptiveCard } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { PersonRef } from '../domain/dispute';

/** The person who sent the activity, as the record keeps them. */
export const personOf = (context: TurnContext): PersonRef => {
  const from = context.activity.from;
  return from.aadObjectId ? { id: from.id, name: from.name ?? 'Unknown', aadObjectId: from.aadObjectId } : { id: from.id, name: from.name ?? 'Unknown' };
};

export const asCard = (card: object) => card as AdaptiveCard;

export const isPersonal = (context: TurnContext) => context.activity.conversation?.conversationType === 'personal';
