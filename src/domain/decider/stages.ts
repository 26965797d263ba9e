import type { Dispute, OpenDispute, PersonRef } from '../dispute';
import type { Decision, DisputeEvent, Effect } from '../messages';
import { deciders, movers } from '../permissions';
import { isLastLevel, levelAt, StageNumber } from '../protocol';
import { everyoneInvolved, leadsOf } from '../roles';
import { accept, Context, iso, post } from './context';
import { decisionReminder, stageDeadline } from './deadlines';
import { attentionFor, coversForAway, standInEffects } from './attention';
import { evolveClock } from '../evolve';

/* Stages: entering a level, early or when a timescale runs out. */

interface StageEntry {
  how: 'timescale-ran-out' | 'approved';
  /** When the level begins: now for an approval, the previous level's due moment when it ran out. */
  from: Date;
  by?: PersonRef;
  reason?: string;
  cap?: Date;
  skipped?: StageNumber[];
}

/** Enter a level: its deadline, the people it brings in told, and the written account where the level asks for one. */
export function enterStage(state: Dispute, stage: StageNumber, entry: StageEntry, now: Date, ctx: Context): Decision {
  const { how, from, by, reason, cap, skipped } = entry;
  const deadline = stageDeadline(state, stage, from, ctx, cap, now);
  const entered: Dispute = { ...state, stage, stages: [...state.stages, { stage, enteredAt: iso(from), how, ...(by ? { by } : {}) }] };
  // Those away now are joined by their cover; the bot then checks that the level has been seen.
  const covers = coversForAway(entered, stage, now, ctx);
  const next = covers.reduce<Dispute>((d, e) => evolveClock(d, e), entered);
  const attention = attentionFor(next, stage, now > from ? now : from, new Date(deadline.due), ctx);
  const event: DisputeEvent = {
    type: 'stage-entered', at: iso(now), stage, how, deadline,
    ...(from.getTime() !== now.getTime() ? { enteredAt: iso(from) } : {}),
    ...(by ? { by } : {}),
    ...(reason ? { reason } : {}),
    ...(skipped?.length ? { skipped } : {}),
    ...(attention ? { attention } : {}),
  };
  const level = levelAt(ctx.protocol, stage);
  const leads = leadsOf(next, stage);
  // A meeting of all parties brings everyone in; otherwise the level's leads are told.
  const mention = level.meeting === 'all-parties' ? everyoneInvolved(next) : leads;
  const effects: Effect[] = post({ kind: 'stage-entered', stage, ...(by ? { approvedBy: by.name, withReason: Boolean(reason) } : {}), ...(skipped?.length ? { skipped } : {}) }, mention);
  if (level.writtenAccount) effects.push({ type: 'send-written-account', mention: leads, stage });
  return accept([event, ...covers], [...effects, ...standInEffects(covers)]);
}

/**
 * A level's timescale has run out: the next level is entered where the clock enters it (at the
 * moment this one ran out, however late the clock noticed); otherwise whoever decides is asked,
 * and reminded until they do.
 */
export function levelRanOut(state: OpenDispute, now: Date, ctx: Context): Decision {
  const next = state.stage + 1;
  // The next level starts at the moment this one ran out, however late the clock noticed.
  if (state.deadline.kind === 'stage' && !isLastLevel(ctx.protocol, state.stage) && levelAt(ctx.protocol, next).entry.by === 'timer') {
    return enterStage(state, next, { how: 'timescale-ran-out', from: new Date(state.deadline.due) }, now, ctx);
  }
  const deadline = decisionReminder(state, now, ctx);
  if (isLastLevel(ctx.protocol, state.stage)) {
    return accept([{ type: 'decision-reminder-scheduled', at: iso(now), deadline }], post({ kind: 'decision-overdue', stage: state.stage }, deciders(state)));
  }
  // The next level is entered only once someone approves or asks: remind them until they decide.
  const approvers = movers(state).people;
  if (state.status === 'awaiting-approval') {
    return accept([{ type: 'decision-reminder-scheduled', at: iso(now), deadline }], post({ kind: 'approval-needed', stage: next, reminder: true }, approvers));
  }
  return accept([{ type: 'approval-awaited', at: iso(now), deadline }], post({ kind: 'approval-needed', stage: next, reminder: false }, approvers));
}
