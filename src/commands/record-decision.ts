import type { AgreedAction } from '../domain/dispute';
import { standingMeetings } from '../domain/dispute';
import type { Effect } from '../domain/messages';
import { closed, open } from '../domain/evolve';
import { accept, blank, iso, person, post, refuse } from '../domain/decider/context';
import { actionReminders, badActions } from '../domain/decider/outcome';
import { includes } from '../domain/person';
import { deciders, describePeople } from '../domain/permissions';
import { levelAt, levelName, PeopleSpec } from '../domain/protocol';
import { everyoneInvolved, parties } from '../domain/roles';
import { limited, object, parseActions } from './card-fields';
import { ALLOWED, card, command, forbid, notNow } from './command';
import { actionsText, stageName } from '../domain/narrative';

/** The decision of whoever the level names (the panel, the Director…): it closes the dispute. */
export type RecordDecision = { kind: 'record-decision'; decision: string; actions: AgreedAction[] };

export default command<RecordDecision>({
  kind: 'record-decision',
  applies: 'open',
  rule(d, c) {
    const spec: PeopleSpec | undefined = levelAt(d.protocol, d.stage).decidedBy;
    if (!spec) return notNow(`Nobody records a decision at ${levelName(d.protocol, d.stage)}: an agreed outcome closes it.`);
    return includes(deciders(d), c.actor) ? ALLOWED : forbid(`Only ${describePeople(d.protocol, spec, d.stage)} record the decision at this level.`);
  },
  decide(state, c, ctx) {
    if (blank(c.decision)) return refuse('invalid', 'Write the decision.');
    if (badActions(c.actions)) return refuse('invalid', 'Every action needs what, who and by when.');
    if (levelAt(ctx.protocol, state.stage).meeting === 'all-parties') {
      const since = state.stages.filter((s) => s.stage === state.stage).at(-1)?.enteredAt ?? state.raisedAt;
      if (!standingMeetings(state).some((m) => m.convenedAt >= since)) return refuse('wrong-state', 'A discussion or meeting of all parties is convened at this level before its decision is recorded.');
    }
    const everyone = everyoneInvolved(state);
    return accept(
      [{ type: 'decision-recorded', at: iso(c.now), by: person(c.actor), stage: state.stage, decision: c.decision, actions: c.actions, actionReminders: actionReminders(c.actions, c.now, ctx) }],
      [...post({ kind: 'closed', how: 'decided', stage: state.stage }, everyone), ...parties(state).map((to): Effect => ({ type: 'notify-person', to, notice: { kind: 'closed', how: 'decided', stage: state.stage } }))],
    );
  },
  entries: {
    'decision-recorded': (e, d) => `Recorded the decision at ${levelAt(d.protocol, e.stage).label}: ${e.decision}. Actions: ${actionsText(e.actions)}.`,
  },
  history: (d) => (d.status === 'closed' && d.closure.how === 'decided' ? [{ at: d.closure.at, who: d.closure.by.name, what: `Recorded the decision at ${stageName(d, d.closure.stage)}: ${d.closure.decision}`, tried: false }] : []),
  folds: {
    'decision-recorded': (state, e) => closed(open(state, e), { how: 'decided', at: e.at, by: e.by, decision: e.decision, actions: e.actions, stage: e.stage }, e.actionReminders),
  },
  card: card({
    schema: object({ decision: limited('Decision', 'decision'), decisionActions: limited('Actions', 'decisionActions') }),
    build: (d, known) => {
      const actions = parseActions(d.decisionActions, known.inDispute);
      if ('error' in actions) return actions;
      return { body: { kind: 'record-decision', decision: d.decision, actions } };
    },
    done: 'The decision is recorded and the dispute is closed. Everyone has been told.',
    probe: () => ({ kind: 'record-decision', decision: 'd', actions: [] }),
  }),
});
