import { open } from '../domain/evolve';
import { dueText } from '../domain/narrative';
import { accept, blank, iso, nothingToDo, person, post, refuse } from '../domain/decider/context';
import { decisionReminder, stageDeadline } from '../domain/decider/deadlines';
import { everyoneInvolved } from '../domain/roles';
import { limited, object } from './card-fields';
import { ALLOWED, card, command, forbid } from './command';
import { SAID } from '../domain/narrative';

/** A manager records that the immediate risk has been dealt with: the working-day timescale applies again from now. */
export type StandDownImmediateRisk = { kind: 'stand-down-immediate-risk'; reason: string };

const stoodDown = (reason: string) => `Recorded that the immediate risk has been dealt with: ${reason}. The working-day timescale applies again`;

export default command<StandDownImmediateRisk>({
  kind: 'stand-down-immediate-risk',
  applies: 'open',
  rule: (_d, c) => (c.actor.role.kind === 'manager' ? ALLOWED : forbid('Only a manager involved in this dispute can record that the immediate risk has been dealt with.')),
  decide(state, c, ctx) {
    if (!state.immediateRisk) return nothingToDo();
    if (blank(c.reason)) return refuse('invalid', 'Say how the immediate risk has been dealt with; it is recorded and shown to everyone involved.');
    // The working-day clock for the current level starts again from now.
    const { immediateRisk: _dealtWith, ...calm } = state;
    const deadline = state.deadline.kind === 'stage' ? stageDeadline(calm, state.stage, c.now, ctx) : decisionReminder(calm, c.now, ctx);
    return accept(
      [{ type: 'immediate-risk-stood-down', at: iso(c.now), by: person(c.actor), reason: c.reason.trim(), deadline }],
      post({ kind: 'immediate-risk-stood-down', by: c.actor.name }, everyoneInvolved(state)),
    );
  },
  entries: {
    'immediate-risk-stood-down': (e) => `${stoodDown(e.reason)}.`,
  },
  // A risk stood down is told whole: when it was declared, and how it was dealt with.
  history: (d) => (d.stoodDownRisks ?? []).flatMap((r) => [
    { at: r.declaredAt, who: r.declaredBy.name, what: SAID.riskDeclared(), tried: false },
    { at: r.stoodDownAt, who: r.stoodDownBy.name, what: `${stoodDown(r.reason)}.`, tried: false },
  ]),
  folds: {
    'immediate-risk-stood-down': (state, e) => {
      const { immediateRisk, ...rest } = open(state, e);
      const past = immediateRisk ? [{ declaredAt: immediateRisk.declaredAt, declaredBy: immediateRisk.by, stoodDownAt: e.at, stoodDownBy: e.by, reason: e.reason }] : [];
      return { ...rest, deadline: e.deadline, stoodDownRisks: [...(rest.stoodDownRisks ?? []), ...past] };
    },
  },
  card: card({
    schema: object({ standDownReason: limited('How the risk has been dealt with', 'standDownReason') }),
    build: (d) => ({ body: { kind: 'stand-down-immediate-risk', reason: d.standDownReason } }),
    done: 'Recorded: the immediate risk has been dealt with, and the working-day timescale applies again from now.',
    probe: () => ({ kind: 'stand-down-immediate-risk', reason: 'r' }),
  }),
  notices: {
    'immediate-risk-stood-down': (n, d) => `${n.by} has recorded that the immediate risk on ${d.reference} has been dealt with; the reason is on the card for the people involved. The working-day timescale applies again from now. ${dueText(d)}.`,
  },
});
