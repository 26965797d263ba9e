import { readable, STORED_SCHEMA } from '../store/schema';
import type { Container } from '@azure/cosmos';
import type { PersonKey, PersonRef } from '../domain/person';
import type { Logger } from '../logger';
import { storeCall } from '../telemetry';

/**
 * How Teams reaches one person, learned from what Teams sends the bot: their `29:` user id
 * (specific to this bot, so nobody can list it in advance), the service URL their activities
 * come from and, once they have written to the bot in their personal chat, that chat's id.
 */
export interface Address {
  /** "address:<tenant>:<object id>" (Cosmos DB ids may not hold "/"). */
  id: string;
  type: 'address';
  key: PersonKey;
  teamsId: string;
  serviceUrl: string;
  tenantId: string;
  personalConversationId?: string;
  seenAt: string;
  /** The shape it was stored in (store/schema.ts); absent: 1. */
  schema?: number;
}

const idOf = (key: PersonKey) => `address:${key.replace('/', ':')}`;

/** How long a person not yet known is taken as unknown before the store is asked again. */
const UNKNOWN_FOR_MS = 60_000;

/**
 * The address book, in the `people` container beside absences. Reads are cached: a `29:` id
 * never changes for a person and this bot, so an instance asks the store about each person
 * once, and again only for people it did not know a minute ago. What is learned is written
 * only when it is new or has changed, after the turn, so a press does not wait for it.
 */
export class AddressBook {
  private readonly cache = new Map<string, { address?: Address; readAt: number }>();

  constructor(
    private readonly container: Container,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Learn how to reach a person from an activity they sent or appear in. Never throws. */
  async learn(person: PersonRef, seen: { teamsId: string; serviceUrl: string; personalConversationId?: string }): Promise<void> {
    if (!person.aadObjectId || !seen.teamsId.startsWith('29:') || !seen.serviceUrl) return;
    const same = (known: Address | undefined) =>
      known && known.teamsId === seen.teamsId && known.serviceUrl === seen.serviceUrl && (!seen.personalConversationId || known.personalConversationId === seen.personalConversationId);
    if (same(this.cache.get(person.key)?.address)) return;
    try {
      const known = await this.lookup(person);
      if (same(known)) return;
      const personal = seen.personalConversationId ?? known?.personalConversationId;
      const address: Address = {
        id: idOf(person.key),
        type: 'address',
        key: person.key,
        teamsId: seen.teamsId,
        serviceUrl: seen.serviceUrl,
        tenantId: person.tenantId,
        ...(personal ? { personalConversationId: personal } : {}),
        seenAt: this.clock().toISOString(),
        schema: STORED_SCHEMA,
      };
      await storeCall('store.write', { 'store.item': 'address' }, () => this.container.items.upsert(address));
      this.cache.set(person.key, { address, readAt: Date.now() });
    } catch (error) {
      this.log.warn({ err: { message: (error as Error).message } }, 'address not learned');
    }
  }

  /** What this instance knows without asking the store: an address, or that there was none a moment ago. */
  private cached(key: PersonKey): { address?: Address } | undefined {
    const hit = this.cache.get(key);
    return hit && (hit.address || Date.now() - hit.readAt < UNKNOWN_FOR_MS) ? hit : undefined;
  }

  /** What is known of how to reach a person, or undefined. */
  async lookup(person: PersonRef): Promise<Address | undefined> {
    const cached = this.cached(person.key);
    if (cached) return cached.address;
    const id = idOf(person.key);
    const address = await storeCall('store.read', { 'store.item': 'address' }, async () => {
      try {
        return readable((await this.container.item(id, id).read<Address>()).resource, 'An address');
      } catch (error) {
        if ((error as { code?: number }).code === 404) return undefined;
        throw error;
      }
    });
    this.cache.set(person.key, { ...(address ? { address } : {}), readAt: Date.now() });
    return address;
  }

  /** The personal chat Teams created for a person the bot has seen, so the next message goes straight to it. */
  async rememberChat(person: PersonRef, conversationId: string): Promise<void> {
    const known = await this.tryLookup(person);
    if (known) await this.learn(person, { teamsId: known.teamsId, serviceUrl: known.serviceUrl, personalConversationId: conversationId });
  }

  /** A look-up that answers "not known" when the store cannot say: sending then falls back to the object id. */
  async tryLookup(person: PersonRef): Promise<Address | undefined> {
    try {
      return await this.lookup(person);
    } catch (error) {
      this.log.warn({ err: { message: (error as Error).message } }, 'address not read');
      return undefined;
    }
  }

  /**
   * The `29:` ids of those people the bot has seen, for a card's `refresh.userIds`. Teams
   * documents that list as user MRIs (the `29:` ids), at most 60 (Universal Actions,
   * "User Specific Views": learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views).
   */
  async teamsIds(people: readonly PersonRef[]): Promise<string[]> {
    const unread = people.filter((p) => p.aadObjectId && !this.cached(p.key)).map((p) => p.key);
    // Everyone not already known here in one query, not a read each.
    if (unread.length) {
      try {
        const found = await storeCall('store.query', { 'store.query': 'addresses' }, async () => {
          const { resources } = await this.container.items
            .query<Address>({ query: "SELECT * FROM c WHERE c.type = 'address' AND ARRAY_CONTAINS(@keys, c.key)", parameters: [{ name: '@keys', value: unread }] })
            .fetchAll();
          return resources;
        });
        const readAt = Date.now();
        for (const key of unread) this.cache.set(key, { readAt });
        for (const address of found) this.cache.set(address.key, { address, readAt });
      } catch (error) {
        this.log.warn({ err: { message: (error as Error).message } }, 'addresses not read');
      }
    }
    return people.flatMap((p) => {
      const address = this.cache.get(p.key)?.address;
      return address ? [address.teamsId] : [];
    }).slice(0, 60);
  }
}
