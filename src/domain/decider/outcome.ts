import type { ActionReminder, AgreedAction, ClosedDispute } from '../dispute';
import type { DisputeEvent, Effect } from '../messages';
import { levelAt } from '../protocol';
import { everyoneInvolved, managersInvolved, parties, requiredConfirmers } from '../roles';
import { includes, isKeyOf, samePerson } from '../person';
import type { DecideContext } from './context';
import { accept, blank, Handler, iso, nothingToDo, person, post, refuse } from './context';

/* The outcome: proposing and confirming an agreed outcome, a recorded decision, withdrawal, and actions falling due. */

/** One reminder per agreed action with a readable date, at the start of its working day, if still to come. */
function actionReminders(actions: AgreedAction[], now: Date, ctx: DecideContext): ActionReminder[] {
  return actions
    .flatMap((a, action) => (/^\d{4}-\d{2}-\d{2}$/.test(a.due) ? [{ due: iso(ctx.calendar.nextWorkingHour(new Date(`${a.due}T00:00:00Z`))), action }] : []))
    .filter((r) => new Date(r.due) > now)
    .sort((a, b) => a.due.localeCompare(b.due));
}

const badActions = (actions: AgreedAction[]) => actions.some((a) => blank(a.description) || blank(a.owner) || blank(a.due));

export const proposeOutcome: Handler<'propose-outcome'> = (state, c) => {
  const confirmers = requiredConfirmers(state);
  if (!includes(confirmers, c.actor)) return refuse('not-allowed', 'Only the parties and the managers involved propose the agreed outcome.');
  const me = person(c.actor);
  if (blank(c.outcome)) return refuse('invalid', 'Write the agreed outcome.');
  if (badActions(c.actions)) return refuse('invalid', 'Every action needs what, who and by when.');
  const proposal = { by: person(c.actor), at: iso(c.now), outcome: c.outcome, outstandingIssues: c.outstandingIssues, actions: c.actions, howPursued: c.howPursued, confirmedBy: [me.key] };
  return accept([{ type: 'outcome-proposed', at: iso(c.now), proposal }], post({ kind: 'outcome-proposed' }, confirmers.filter((p) => !samePerson(p, me))));
};

export const confirmOutcome: Handler<'confirm-outcome'> = (state, c, ctx) => {
  if (!state.proposal) return refuse('wrong-state', 'There is no proposed outcome to confirm.');
  const confirmers = requiredConfirmers(state);
  if (!includes(confirmers, c.actor)) return refuse('not-allowed', 'Only the parties and the managers involved confirm the agreed outcome.');
  const me = person(c.actor);
  const confirmed = [...state.proposal.confirmedBy, me.key];
  if (state.proposal.confirmedBy.some((key) => isKeyOf(key, me))) return nothingToDo();
  const events: DisputeEvent[] = [{ type: 'outcome-confirmed', at: iso(c.now), by: me, confirmerId: me.key }];
  if (!confirmers.every((p) => confirmed.some((key) => isKeyOf(key, p)))) return accept(events, [{ type: 'refresh-thread-card' }]);
  events.push({ type: 'agreed', at: iso(c.now), actionReminders: actionReminders(state.proposal.actions, c.now, ctx) });
  return accept(events, post({ kind: 'closed', how: 'agreed' }, confirmers));
};

export const requestChanges: Handler<'request-changes'> = (state, c) => {
  if (!state.proposal) return refuse('wrong-state', 'There is no proposed outcome to change.');
  if (blank(c.reason)) return refuse('invalid', 'Say what should change.');
  return accept(
    [{ type: 'outcome-changes-requested', at: iso(c.now), by: person(c.actor), reason: c.reason }],
    post({ kind: 'outcome-changes-requested' }, [state.proposal.by]),
  );
};

/** The decision of whoever the level names (the panel, the Director…): it closes the dispute. */
export const recordDecision: Handler<'record-decision'> = (state, c, ctx) => {
  if (blank(c.decision)) return refuse('invalid', 'Write the decision.');
  if (badActions(c.actions)) return refuse('invalid', 'Every action needs what, who and by when.');
  if (levelAt(ctx.protocol, state.stage).meeting === 'all-parties') {
    const since = state.stages.filter((s) => s.stage === state.stage).at(-1)?.enteredAt ?? state.raisedAt;
    if (!state.meetings.some((m) => m.convenedAt >= since)) return refuse('wrong-state', 'A discussion or meeting of all parties is convened at this level before its decision is recorded.');
  }
  const everyone = everyoneInvolved(state);
  return accept(
    [{ type: 'decision-recorded', at: iso(c.now), by: person(c.actor), stage: state.stage, decision: c.decision, actions: c.actions, actionReminders: actionReminders(c.actions, c.now, ctx) }],
    [...post({ kind: 'closed', how: 'decided', stage: state.stage }, everyone), ...parties(state).map((to): Effect => ({ type: 'notify-person', to, notice: { kind: 'closed', how: 'decided', stage: state.stage } }))],
  );
};

export const withdraw: Handler<'withdraw'> = (state, c) => {
  if (blank(c.reason)) return refuse('invalid', 'Give the reason for withdrawing; it is recorded and shown.');
  return accept(
    [{ type: 'withdrawn', at: iso(c.now), by: person(c.actor), reason: c.reason }],
    post({ kind: 'closed', how: 'withdrawn' }, [state.sides.respondent.professional, ...managersInvolved(state)]),
  );
};

/** After closure the clock still reminds each action's owner when it falls due. */
export const actionDue: Handler<'deadline-reached', ClosedDispute> = (state, c) => {
  if (c.actor.role.kind !== 'system') return refuse('not-allowed', 'Only the protocol clock reports a deadline.');
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
};
