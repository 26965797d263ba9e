import type { Application, TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, CardFactory, TurnContext } from 'botbuilder';
import { defaultRoute, rungKeys } from '../domain/protocol';
import { resolveRoute } from '../protocols/protocol-file';
import { statusCard } from '../cards/views';
import { threadLink } from '../teams/outbox-sender';
import { chatCommand, privateReply, unasked } from './chat-command';
import { helpText, shortHelpText } from './help';
import { intentOf } from './intents';
import { registerAway } from './away';
import { isPersonal, personOf } from './turn';
import type { Parts } from './bot-deps';

/* What people type: raise, status, help, away, verify; anything else is answered with a short help. */

/** The typed commands that must come before the catch-all (files.ts adds export and picture between). */
export function registerChatCommands(app: Application<TurnState>, { deps, sendPrivately }: Parts): void {
  const { service, directory, log } = deps;
  registerAway(app, { directory, absences: deps.absences, clock: deps.clock, log, budgetMs: deps.pressBudgetMs ?? 4000, chain: rungKeys(deps.protocol.definition), sendPrivately });

  chatCommand(app, /^\s*verify\s+[A-Z]{2,6}-\d{4}-\d{4}\s*$/i, sendPrivately, async (context, reply) => {
    const reference = (context.activity.text ?? '').trim().split(/\s+/)[1]!.toUpperCase();
    await reply.personal(await service.verify(reference, personOf(context)));
  });

}

/** Help on joining, and the catch-all for anything typed. */
export function registerConversation(app: Application<TurnState>, { deps, sendPrivately }: Parts, sendRaiseForm: (context: TurnContext) => Promise<void>): void {
  const { service } = deps;
  const usual = resolveRoute(deps.protocol.definition, defaultRoute(deps.protocol.definition)!.id, deps.protocol.settings);
  const help = () => ({ text: helpText(usual, deps.emergencyContact), textFormat: 'markdown' as const });

  async function sendStatus(context: TurnContext): Promise<void> {
    const person = personOf(context);
    const docs = await service.mine(person);
    const entries = docs.map((doc) => ({ dispute: doc.state, viewer: service.actorIn(doc.state, person), threadUrl: threadLink(doc.thread, deps.teamId) }));
    // Which disputes someone is in is theirs alone: never listed where a shared chat can read it.
    const { reply, finish } = privateReply(context, sendPrivately, 'I have sent your open disagreements to our personal chat.');
    await reply.personal({ attachments: [CardFactory.adaptiveCard(statusCard(entries))] });
    await finish();
  }

  app.conversationUpdate('membersAdded', async (context) => {
    const botJoined = context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id);
    if (botJoined && isPersonal(context)) await context.sendActivity(help());
  });

  // Anything typed: the usual ways of asking to raise, for status or for help; otherwise a short help.
  app.activity(ActivityTypes.Message, async (context) => {
    if (unasked(context)) return;
    const intent = intentOf(context.activity.text ?? '');
    if (intent === 'raise') {
      if (isPersonal(context)) return sendRaiseForm(context);
      await context.sendActivity('Please raise a disagreement in your personal chat with me, so that nothing about a child is typed where others can read it. Open a chat with me and type raise.');
      return;
    }
    if (intent === 'status') return sendStatus(context);
    if (intent === 'help') {
      await context.sendActivity(help());
      return;
    }
    await context.sendActivity({ text: shortHelpText(deps.emergencyContact), textFormat: 'markdown' });
  });

}
