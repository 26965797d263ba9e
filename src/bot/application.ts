// Before teams-ai: its sign-in flows get the dialogs library only if they use it (dialogs-hook.ts).
import './dialogs-hook';
// teams-ai's modules one by one: its index also loads its AI layer (the OpenAI client and a
// tokenizer, about 24 MB resident) that the bot does not use.
import { Application } from '@microsoft/teams-ai/lib/Application';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import { ActivityTypes, INVOKE_RESPONSE_KEY, TurnContext } from 'botbuilder';
import type { PersonRef } from '../domain/dispute';
import { rememberSender, resolveSender } from './identity';
import { disputeIdOf } from './card-actions';
import { isPersonal, messageCard, personOf } from './turn';
import { DEFAULT_RETRY, withRetry } from '../teams/retry';
import type { SendPrivately } from './chat-command';
import type { BotDeps, Parts } from './bot-deps';
import { registerRaise } from './raise-route';
import { registerDisputeCards } from './dispute-cards';
import { registerFiles } from './files';
import { registerChatCommands, registerConversation } from './chat';

/*
 * The bot's routes, by job: typed commands (chat.ts), files (files.ts), raising (raise-route.ts)
 * and a dispute's cards (dispute-cards.ts). Here: who may use the bot at all, how its replies are
 * retried, what a failed turn is answered with, and the order the routes are tried in.
 */

const tenantOf = (context: TurnContext): string =>
  context.activity.conversation?.tenantId ?? (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? '';

/**
 * Learn how to reach the sender, and anyone an installation or a membership change names: their
 * `29:` id, the service URL and, in a personal chat, the chat itself. After the turn, never in its way.
 */
function learnAddresses(context: TurnContext, sender: PersonRef, deps: Pick<BotDeps, 'addresses' | 'directory'>): void {
  const activity = context.activity;
  const personal = isPersonal(context) ? activity.conversation.id : undefined;
  const seen = (teamsId: string | undefined) => ({ teamsId: teamsId ?? '', serviceUrl: activity.serviceUrl ?? '', ...(personal ? { personalConversationId: personal } : {}) });
  void deps.addresses.learn(sender, seen(activity.from?.id));
  for (const member of activity.membersAdded ?? []) {
    if (member.id === activity.recipient?.id || !member.aadObjectId) continue;
    void deps.addresses.learn(resolveSender({ ...activity, from: member }, deps.directory), seen(member.id));
  }
}


/** The bot's routes: one handler per command and per card verb, and an answer for everything else. */
export function createApplication(deps: BotDeps): Application<TurnState> {
  const { directory, log } = deps;
  const app = new Application<TurnState>({ adapter: deps.adapter, botAppId: deps.botAppId, removeRecipientMention: true, startTypingTimer: false });

  app.turn('beforeTurn', async (context) => {
    // A reply Teams answers 429 (or 502-504) is sent again after its Retry-After, like every
    // other call to Teams: a reply that failed was not posted, so sending it again repeats nothing.
    context.onSendActivities((_context, _activities, next) => withRetry(() => next(), deps.retry ?? DEFAULT_RETRY));
    if (deps.allowedTenants.length === 0 || deps.allowedTenants.includes(tenantOf(context))) {
      learnAddresses(context, rememberSender(context, directory), deps);
      return true;
    }
    log.warn({ activityType: context.activity.type }, 'request from a tenant outside the allow-list refused');
    if (context.activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({ type: 'invokeResponse', value: { status: 403, body: { error: 'This bot serves only the partnership\'s organisations.' } } });
    } else if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity(`This bot serves only the organisations of ${deps.partnershipName}.`);
    }
    return false;
  });

  // A failure anywhere in a turn is still answered: a card press with a card, a message with words.
  app.error(async (context, error) => {
    log.error({ err: { message: error.message, name: error.name }, activityType: context.activity.type }, 'turn failed');
    try {
      if (context.activity.type === ActivityTypes.Invoke && !context.turnState.get(INVOKE_RESPONSE_KEY)) {
        const value = context.activity.name === 'adaptiveCard/action'
          ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: messageCard('Something went wrong and nothing was saved. Please press again in a moment.') }
          : {};
        await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: value } });
      } else if (context.activity.type === ActivityTypes.Message) {
        await context.sendActivity('Something went wrong and nothing was saved. Please try again.');
      }
    } catch (answerError) {
      log.error({ err: { message: (answerError as Error).message } }, 'could not answer a failed turn');
    }
  });

  const sendPrivately: SendPrivately = (context, activity) => deps.messagePerson(parts.origin(context), personOf(context), activity);
  const parts: Parts = {
    deps,
    budget: deps.pressBudgetMs ?? 4000,
    origin: (context) => ({ serviceUrl: context.activity.serviceUrl, tenantId: directory.tenantId() }),
    sendPrivately,
  };
  // In the order they are tried: typed commands before the catch-all, card verbs before the fallback.
  registerChatCommands(app, parts);
  registerFiles(app, parts);
  const sendRaiseForm = registerRaise(app, parts);
  registerConversation(app, parts, sendRaiseForm);
  registerDisputeCards(app, parts);

  // Last: a press of a button this bot does not (or no longer) have, and any other invoke.
  app.adaptiveCards.actionExecute(async (context) => context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action', async (_context, _state, data) =>
    messageCard('This button is from an older card and no longer does anything. Press Refresh to get the current card.', disputeIdOf(data)),
  );
  app.addRoute(
    async (context) => context.activity.type === ActivityTypes.Invoke,
    async (context) => {
      await context.sendActivity({ type: 'invokeResponse', value: { status: 400, body: { error: `This bot does not handle "${String(context.activity.name ?? '').slice(0, 60)}".` } } });
    },
    true,
  );

  return app;
}
