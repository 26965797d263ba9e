import type { Instant } from '../domain/dispute';
import { person, refuse } from '../domain/decider/context';
import { enterStage } from '../domain/decider/stages';
import { includes } from '../domain/person';
import { describePeople, movers, skippers } from '../domain/permissions';
import { isLastLevel, levelAt, levelName, reachableLevels, StageNumber } from '../domain/protocol';
import { limited, object, stage, text, ukMoment } from './card-fields';
import { allow, card, command, forbid, notNow, REPEAT } from './command';
import { professionalNeverMoves } from './escalation-rules';

/**
 * Move the dispute on now. `fromStage`: the level the card showed when pressed, so a repeat or
 * a concurrent press never moves twice. `toStage`: a level beyond the next, where the protocol
 * lets levels be passed over.
 */
export type ApproveEscalation = { kind: 'approve-escalation'; reason?: string; protectiveDeadline?: Instant; fromStage: StageNumber; toStage?: StageNumber };

/** What the rule established: the level to enter, and those passed over on the way. */
interface Move {
  target: StageNumber;
  skipped: StageNumber[];
}

export default command<ApproveEscalation, Move>({
  kind: 'approve-escalation',
  applies: 'open',
  rule(d, c) {
    const never = professionalNeverMoves(d, c);
    if (never) return never;
    // A second press, or another person's press at the same time, finds the level already moved on.
    if (c.fromStage !== d.stage) return REPEAT;
    if (isLastLevel(d.protocol, d.stage)) return notNow(`This dispute is at its last level (${levelName(d.protocol, d.stage)}).`);
    const target = c.toStage ?? d.stage + 1;
    if (!reachableLevels(d.protocol, d.stage).includes(target)) return { refusal: { code: 'invalid', message: `${levelName(d.protocol, target)} cannot be reached from here without passing a level that may not be skipped.` } };
    const skipped = Array.from({ length: target - d.stage - 1 }, (_, i) => d.stage + 1 + i);
    // Passing over levels is for those the protocol names for each level passed over.
    for (const passed of skipped) {
      if (!includes(skippers(d, passed), c.actor)) {
        const spec = levelAt(d.protocol, passed).skip;
        return forbid(`Only ${spec ? describePeople(d.protocol, spec, passed) : 'nobody'} may pass over ${levelName(d.protocol, passed)}.`);
      }
    }
    if (skipped.length) return allow({ target, skipped });
    const { people, who } = movers(d);
    if (people.length === 0 && levelAt(d.protocol, d.stage).lead.who === 'professionals' && !d.escalationRequest) return notNow('Neither professional has asked to escalate yet.');
    return includes(people, c.actor) ? allow({ target, skipped }) : forbid(`Only ${who} can move this dispute to ${levelName(d.protocol, d.stage + 1)}.`);
  },
  decide(state, c, ctx, { target, skipped }) {
    const reason = c.reason?.trim() ?? '';
    if (skipped.length && !reason) return refuse('invalid', 'Give the reason for passing over a level; it is shown to everyone involved.');
    const cap = c.protectiveDeadline ? new Date(c.protectiveDeadline) : undefined;
    if (cap && !levelAt(ctx.protocol, target).protectiveDate) return refuse('invalid', `A sooner date is not set when moving to ${levelName(ctx.protocol, target)}; use "A sooner date" on the card.`);
    if (cap && !(cap > c.now)) return refuse('invalid', 'A child-protective date must be in the future.');
    return enterStage(state, target, { how: 'approved', from: c.now, by: person(c.actor), ...(reason ? { reason } : {}), ...(cap ? { cap } : {}), skipped }, c.now, ctx);
  },
  entries: {},
  bringsPeopleIn: () => true,
  folds: {},
  card: card({
    schema: object({ fromStage: stage, toStage: stage.optional(), escalationReason: limited('Reason', 'escalationReason'), protectiveDate: text('A sooner date', 10) }),
    build: (d) => {
      const cap = d.protectiveDate ? ukMoment(d.protectiveDate, '17:00') : undefined;
      if (d.protectiveDate && !cap) return { error: 'Enter the sooner date as a date.' };
      return { body: { kind: 'approve-escalation', reason: d.escalationReason, fromStage: d.fromStage, ...(d.toStage && d.toStage !== d.fromStage + 1 ? { toStage: d.toStage } : {}), ...(cap ? { protectiveDeadline: cap } : {}) } };
    },
    done: 'Escalated. The people it brings in have been told, with your reason.',
    // The next level, or any beyond it this person may pass levels over to reach.
    probe: (d) => [{ kind: 'approve-escalation', reason: '', fromStage: d.stage }, ...reachableLevels(d.protocol, d.stage).slice(1).map((toStage): ApproveEscalation => ({ kind: 'approve-escalation', reason: 'r', fromStage: d.stage, toStage }))],
  }),
});

