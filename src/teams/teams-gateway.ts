import { Activity, CloudAdapter, ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import type { PersonRef } from '../domain/dispute';
import type { ThreadRef } from '../store/dispute-document';
import { DEFAULT_RETRY, RetryOptions, withRetry } from './retry';

export interface Origin {
  serviceUrl: string;
  tenantId: string;
}

/**
 * The Teams connector, through the Bot Framework adapter: open a channel thread, reply in
 * it, update its card, message a person. Every call retries throttling and transient errors.
 */
export class TeamsGateway {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly retry: RetryOptions = DEFAULT_RETRY,
  ) {}

  private bot() {
    return { id: this.botAppId ? `28:${this.botAppId}` : 'bot', name: 'Professional Disagreements' };
  }

  /** Create a conversation and return its id (for a channel thread: "<channel>;messageid=<root>"). */
  private async createConversation(origin: Origin, parameters: Partial<ConversationParameters>): Promise<{ conversationId: string; activityId: string }> {
    let conversationId = '';
    let activityId = '';
    await withRetry(
      () =>
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
      this.retry,
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
    await withRetry(
      () =>
        this.adapter.continueConversationAsync(this.botAppId, this.reference(thread), async (context) => {
          id = (await context.sendActivity(activity))?.id;
        }),
      this.retry,
    );
    return id;
  }

  async updateThreadCard(thread: ThreadRef, activity: Partial<Activity>): Promise<void> {
    await withRetry(
      () =>
        this.adapter.continueConversationAsync(this.botAppId, this.reference(thread), async (context) => {
          await context.updateActivity({ ...activity, type: 'message', id: thread.rootActivityId, conversation: context.activity.conversation });
        }),
      this.retry,
    );
  }

  async messagePerson(origin: Origin, person: PersonRef, activity: Partial<Activity>): Promise<void> {
    const { conversationId } = await this.createConversation(origin, {
      isGroup: false,
      members: [{ id: person.id, name: person.name }],
      channelData: { tenant: { id: origin.tenantId } },
    });
    // Post into the 1:1 chat as a new message, not as a reply to the synthetic creation event.
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: origin.serviceUrl,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', tenantId: origin.tenantId, name: '' },
      bot: this.bot(),
    };
    await withRetry(() => this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => void (await context.sendActivity(activity))), this.retry);
  }
}
