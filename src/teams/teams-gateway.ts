import { AsyncLocalStorage } from 'node:async_hooks';
import { Activity, CloudAdapter, ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import type { PersonRef } from '../domain/dispute';
import type { ThreadRef } from '../store/dispute-document';
import { Limit, Pacer, pacingKey, SlidingWindowLimiter, TEAMS_TENANT_LIMITS, TEAMS_THREAD_LIMITS, Wanted } from './rate-limiter';
import { DEFAULT_RETRY, RetryOptions, withRetry } from './retry';
import { traced } from '../telemetry';
import type { AddressBook } from './address-book';

export interface Origin {
  serviceUrl: string;
  tenantId: string;
}

/**
 * The Teams connector, through the Bot Framework adapter: open a channel thread, reply in
 * it, update its card, message a person. Every call retries throttling and transient errors.
 */
const claims = new AsyncLocalStorage<Wanted>();

/** A send not made because the claim it was made under ran out while it waited its turn. */
export class ClaimLapsed extends Error {
  constructor() {
    super('The claim to send this ran out while it waited for its turn under Teams\' limits; it was not sent');
    this.name = 'ClaimLapsed';
  }
}

/**
 * Run sends under a claim: `holds(inMs)` says whether the claim will still hold `inMs` from now.
 * A send whose turn would come after the claim has run out is not made (ClaimLapsed), and uses
 * none of Teams' budget: another instance may take the item over, and it must reach people once.
 */
export function underClaim<T>(holds: Wanted, work: () => Promise<T>): Promise<T> {
  return claims.run(holds, work);
}

export class TeamsGateway {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    /** How to reach people: their personal chats, learned from what Teams sent. */
    private readonly addresses: AddressBook,
    private readonly retry: RetryOptions = DEFAULT_RETRY,
    private readonly limiter: Pacer = new SlidingWindowLimiter(),
    private readonly tenantLimits: Limit[] = TEAMS_TENANT_LIMITS,
    private readonly threadLimits: Limit[] = TEAMS_THREAD_LIMITS,
  ) {}

  /**
   * Every attempt, retries included, waits its turn under Teams' per-thread and per-tenant
   * limits; once its turn comes, a send made under a claim (see `underClaim`) goes only while
   * the claim still holds.
   */
  private paced<T>(operation: string, conversation: string, tenantId: string, call: () => Promise<T>): Promise<T> {
    return traced(`teams.${operation}`, { 'teams.operation': operation }, async (span) => {
      let attempts = 0;
      const result = await withRetry(async () => {
        attempts++;
        // A send whose claim runs out while it waits is given up before it uses a slot of Teams' budget.
        const claim = claims.getStore() ?? (() => true);
        const keys = [
          { key: `conversation:${pacingKey(conversation)}`, limits: this.threadLimits },
          { key: `tenant:${tenantId}`, limits: this.tenantLimits },
        ];
        if (!(await this.limiter.take(keys, claim)) || !claim(0)) throw new ClaimLapsed();
        return call();
      }, this.retry).finally(() => span.setAttribute('teams.attempts', attempts));
      return result;
    });
  }

  private bot() {
    return { id: this.botAppId ? `28:${this.botAppId}` : 'bot', name: 'Professional Disagreements' };
  }

  /** Create a conversation and return its id (for a channel thread: "<channel>;messageid=<root>"). */
  private async createConversation(origin: Origin, parameters: Partial<ConversationParameters>): Promise<{ conversationId: string; activityId: string }> {
    let conversationId = '';
    let activityId = '';
    const target = (parameters.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? `new-chat:${parameters.members?.[0]?.id ?? ''}`;
    await this.paced(parameters.isGroup ? 'open-thread' : 'open-chat', target, origin.tenantId, () =>
        this.adapter.createConversationAsync(
          this.botAppId,
          'msteams',
          origin.serviceUrl,
          '',
          { tenantId: origin.tenantId, bot: this.bot(), ...parameters } as ConversationParameters,
          async (context: TurnContext) => {
            conversationId = context.activity.conversation.id;
            activityId = (context.activity as { id?: string }).id ?? '';
          },
        ),
    );
    return { conversationId, activityId };
  }

  async openChannelThread(origin: Origin, channelId: string, activity: Partial<Activity>): Promise<ThreadRef> {
    const { conversationId, activityId } = await this.createConversation(origin, {
      isGroup: true,
      channelData: { channel: { id: channelId }, tenant: { id: origin.tenantId } },
      activity: activity as Activity,
    });
    const rootActivityId = conversationId.split(';messageid=')[1] ?? activityId;
    return { conversationId, rootActivityId, serviceUrl: origin.serviceUrl, tenantId: origin.tenantId, channelId };
  }

  /**
   * Run a send inside a proactive turn and let its failure reach the caller. The adapter
   * hands errors thrown in the callback to its onTurnError handler (teams-ai installs one
   * that logs and swallows), so the outbox would record a failed send as delivered.
   */
  private async inConversation(reference: Partial<ConversationReference>, send: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: unknown;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      try {
        await send(context);
      } catch (error) {
        failure = error;
      }
    });
    if (failure) throw failure;
  }

  private reference(thread: ThreadRef): Partial<ConversationReference> {
    return {
      channelId: 'msteams',
      serviceUrl: thread.serviceUrl,
      conversation: { id: thread.conversationId, isGroup: true, conversationType: 'channel', tenantId: thread.tenantId, name: '' },
      bot: this.bot(),
    };
  }

  async postToThread(thread: ThreadRef, activity: Partial<Activity>): Promise<string | undefined> {
    let id: string | undefined;
    await this.paced('post', thread.conversationId, thread.tenantId, () =>
      this.inConversation(this.reference(thread), async (context) => {
        id = (await context.sendActivity(activity))?.id;
      }),
    );
    return id;
  }

  async updateThreadCard(thread: ThreadRef, activity: Partial<Activity>): Promise<void> {
    await this.paced('update-card', thread.conversationId, thread.tenantId, () =>
      this.inConversation(this.reference(thread), async (context) => {
        await context.updateActivity({ ...activity, type: 'message', id: thread.rootActivityId, conversation: context.activity.conversation });
      }),
    );
  }

  /**
   * A message in a person's own chat with the bot. Where they have written to the bot, the chat
   * they wrote in; otherwise Teams is asked for the 1:1 conversation, naming the person by the
   * `29:` id they were seen with, else their Entra object id, **in their own tenant**: creating a conversation takes the user's id, the
   * user's tenant id and the service URL ("Proactive messages":
   * learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages).
   * A guest is in the partnership's tenant; a shared-channel member in their own.
   * `serviceUrl`: where to ask when the person has never written to the bot.
   */
  async messagePerson(person: PersonRef, activity: Partial<Activity>, serviceUrl: string): Promise<void> {
    if (!person.aadObjectId) throw Object.assign(new Error('Teams never identified this person'), { statusCode: 404 });
    const address = await this.addresses.tryLookup(person);
    const where = { serviceUrl: address?.serviceUrl ?? serviceUrl, tenantId: person.tenantId };
    let conversationId = address?.personalConversationId;
    if (!conversationId) {
      ({ conversationId } = await this.createConversation(where, {
        isGroup: false,
        // Their 29: id where the bot has heard from them, else their object id: Teams takes either.
        members: [{ id: address?.teamsId ?? person.aadObjectId, name: person.name }],
        channelData: { tenant: { id: person.tenantId } },
      }));
      await this.addresses.rememberChat(person, conversationId);
    }
    // Post into the 1:1 chat as a new message, not as a reply to the synthetic creation event.
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: where.serviceUrl,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', tenantId: person.tenantId, name: '' },
      bot: this.bot(),
    };
    await this.paced('message-person', conversationId, person.tenantId, () => this.inConversation(reference, async (context) => void (await context.sendActivity(activity))));
  }
}
