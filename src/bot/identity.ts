import type { TurnContext } from 'botbuilder';
import type { Directory } from '../directory/partnership-directory';
import { ref } from '../directory/partnership-directory';
import type { PersonRef } from '../domain/dispute';
import { isGuid, personRef, unidentified } from '../domain/person';

type From = { id?: string; name?: string; aadObjectId?: string; tenantId?: string };

/** What of an activity names its sender. */
export interface SenderActivity {
  from?: From;
  conversation?: { id?: string; tenantId?: string };
  channelData?: unknown;
}

/**
 * The tenants an activity names, the sender's own first. In a personal chat they are one; in a
 * shared channel the conversation is the host team's tenant while a member from another
 * organisation signs in with their own (Teams: "Shared and private channels", bots).
 */
export function tenantsOf(activity: SenderActivity): string[] {
  const from = activity.from;
  const channelTenant = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  const found = [from?.tenantId, channelTenant, activity.conversation?.tenantId].filter((t): t is string => typeof t === 'string' && t.length > 0).map((t) => t.toLowerCase());
  return [...new Set(found)];
}

/**
 * Who sent an activity, as the record keeps people: the directory's entry for their Entra
 * object id in one of the activity's tenants, else their object id in their own tenant. Teams'
 * `from.id` (the `29:` id) is never an identity: it differs for every bot. Without an object
 * id (not Teams, or an anonymous meeting guest) the sender is unidentified and can do nothing.
 */
export function resolveSender(activity: SenderActivity, directory: Pick<Directory, 'identify'>): PersonRef {
  const from = activity.from ?? {};
  const tenants = tenantsOf(activity);
  const name = from.name || 'Unknown';
  if (!isGuid(from.aadObjectId) || tenants.length === 0) return unidentified(name, tenants[0] ?? '', String(from.id ?? ''));
  const entry = directory.identify(from.aadObjectId, tenants);
  return entry ? ref(entry) : personRef(name, tenants[0]!, from.aadObjectId);
}

const SENDER = Symbol('sender');

/** Resolve the sender once per turn; every handler then reads the same person. */
export function rememberSender(context: TurnContext, directory: Pick<Directory, 'identify'>): PersonRef {
  const person = resolveSender(context.activity, directory);
  context.turnState.set(SENDER, person);
  return person;
}

/** The person who sent the activity, as resolved at the start of the turn. */
export function senderOf(context: TurnContext): PersonRef {
  const person = context.turnState.get(SENDER) as PersonRef | undefined;
  if (!person) throw new Error('The sender was not resolved at the start of the turn');
  return person;
}
