import type { ActionReminder, AgreedAction, ClosedDispute, Instant } from '../dispute';
import type { Decision, Effect } from '../messages';
import { parties } from '../roles';
import type { DecideContext } from './context';
import { accept, blank, iso, refuse } from './context';

/* The outcome: agreed actions, reminded when they fall due after closure. */

/** One reminder per agreed action with a readable date, at the start of its working day, if still to come. */
export function actionReminders(actions: AgreedAction[], now: Date, ctx: DecideContext): ActionReminder[] {
  return actions
    .flatMap((a, action) => (/^\d{4}-\d{2}-\d{2}$/.test(a.due) ? [{ due: iso(ctx.calendar.nextWorkingHour(new Date(`${a.due}T00:00:00Z`))), action }] : []))
    .filter((r) => new Date(r.due) > now)
    .sort((a, b) => a.due.localeCompare(b.due));
}

/** Whether any action lacks what, who or by when. */
export const badActions = (actions: AgreedAction[]): boolean => actions.some((a) => blank(a.description) || blank(a.owner) || blank(a.due));

/** After closure the clock still reminds each action's owner when it falls due. */
export function actionDue(state: ClosedDispute, c: { due: Instant; now: Date }, _ctx: DecideContext): Decision {
  const next = state.actionReminders?.[0];
  if (!next || c.due !== next.due) return refuse('stale', 'That reminder has already been sent.');
  if (c.now < new Date(next.due)) return refuse('not-due', 'That reminder is not due yet.');
  const actions = state.closure.how === 'agreed' ? state.closure.proposal.actions : state.closure.how === 'decided' ? state.closure.actions : [];
  const dueNow = (state.actionReminders ?? []).filter((r) => r.due === next.due).map((r) => actions[r.action]).filter((a): a is AgreedAction => Boolean(a));
  const effects: Effect[] = dueNow.map((a) => ({
    type: 'post-to-thread',
    notice: { kind: 'action-due', ...(a.ownerRef ? { owner: a.ownerRef.name } : {}) },
    mention: a.ownerRef ? [a.ownerRef] : parties(state),
  }));
  return accept([{ type: 'action-reminded', at: iso(c.now), due: next.due }], effects);
}
