import type { ActionReminder, AgreedAction } from '../dispute';
import type { DecideContext } from './context';
import { blank, iso } from './context';

/* Agreed actions: each needs what, who and by when, and is reminded on the morning it falls due (see timers.ts). */

/** One reminder per agreed action with a readable date, at the start of its working day, if still to come. */
export function actionReminders(actions: AgreedAction[], now: Date, ctx: DecideContext): ActionReminder[] {
  return actions
    .flatMap((a, action) => (/^\d{4}-\d{2}-\d{2}$/.test(a.due) ? [{ due: iso(ctx.calendar.nextWorkingHour(new Date(`${a.due}T00:00:00Z`))), action }] : []))
    .filter((r) => new Date(r.due) > now)
    .sort((a, b) => a.due.localeCompare(b.due));
}

/** Whether any action lacks what, who or by when. */
export const badActions = (actions: AgreedAction[]): boolean => actions.some((a) => blank(a.description) || blank(a.owner) || blank(a.due));
