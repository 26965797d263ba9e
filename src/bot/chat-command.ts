import type { Activity, TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { isPersonal } from './turn';

/**
 * One rule for every typed command. In a personal chat it is answered there. In a group chat
 * or a channel it is answered only when the bot is @-mentioned (teams-ai strips the mention
 * before the text is matched), and anything about the person or their disputes goes to their
 * own chat, with one line in the shared chat saying where the answer went.
 */

/** Whether the message @-mentions this bot (a mention entity naming the recipient). */
export function mentionsBot(context: TurnContext): boolean {
  const bot = context.activity.recipient?.id;
  return (context.activity.entities ?? []).some((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === bot);
}

/** A shared chat where nobody asked the bot anything: it stays silent there. */
export const unasked = (context: TurnContext): boolean => !isPersonal(context) && !mentionsBot(context);

export interface Reply {
  /** Something about the person or their disputes: here in a personal chat, otherwise in their own chat. */
  personal(activity: Partial<Activity> | string): Promise<void>;
}

/** Sends an activity to the person who wrote, in their own chat with the bot. */
export type SendPrivately = (context: TurnContext, activity: Partial<Activity>) => Promise<void>;

export const SENT_PRIVATELY = 'I have answered you in our personal chat.';

/**
 * Answer the person who wrote, by the rule above: `reply.personal` sends here in a personal chat
 * and to their own chat otherwise; `finish` then says so once in the shared chat (`line`).
 */
export function privateReply(context: TurnContext, sendPrivately: SendPrivately, line = SENT_PRIVATELY): { reply: Reply; finish(): Promise<void> } {
  let sent = false;
  const reply: Reply = {
    personal: async (activity) => {
      const a: Partial<Activity> = typeof activity === 'string' ? { type: 'message', text: activity } : { type: 'message', ...activity };
      if (isPersonal(context)) {
        await context.sendActivity(a);
        return;
      }
      await sendPrivately(context, a);
      sent = true;
    },
  };
  return { reply, finish: async () => void (sent && (await context.sendActivity(line))) };
}

export function chatCommand(app: Application<TurnState>, pattern: RegExp, sendPrivately: SendPrivately, handler: (context: TurnContext, reply: Reply) => Promise<void>): void {
  app.message(pattern, async (context) => {
    if (unasked(context)) return;
    const { reply, finish } = privateReply(context, sendPrivately);
    await handler(context, reply);
    await finish();
  });
}
