import type { Dispute, DisputeState, SideName } from './dispute';
import type { DisputeEvent, Notice } from './messages';
import type { ClockEvent } from './evolve';
import { acknowledgeButton, capital, closurePhrase, dueText, entryPhrase, formatMoment, NarrativeEntry, nextTierPart, SAID, stageName } from './narrative';
import { describePeople, movers } from './permissions';
import { clockOf, isLastLevel, levelAt } from './protocol';

/**
 * The words of what no single command does: the protocol's clock (a level entered, a reminder,
 * an acknowledgement chased, someone brought in) and a dispute closing, which three commands
 * can do. Each command words its own events and notices (src/commands); src/commands/words.ts
 * puts the two together for the card, the thread, personal messages and the written account.
 */

export const CLOCK = 'Protocol clock';

const level = (d: Dispute, stage: number) => levelAt(d.protocol, stage).label;
const name = (d: Dispute, side: SideName) => d.sides[side].professional.name;

/** The notices no single command posts. */
export type SharedNotice = Extract<Notice, { kind: 'stage-entered' | 'approval-needed' | 'deadline-reminder' | 'decision-overdue' | 'action-due' | 'acknowledge-reminder' | 'next-tier-exhausted' | 'receipt-unconfirmed' | 'stood-in' | 'closed' | 'meeting-record-due' | 'meeting-record-overdue' }>;

/** Their words: the dispute by reference, its stage and the professionals, never the child. */
export const SHARED_NOTICES: { [K in SharedNotice['kind']]: (notice: Extract<Notice, { kind: K }>, d: Dispute) => string } = {
  'stage-entered': (n, d) => {
    const entered = levelAt(d.protocol, n.stage);
    const approved = n.approvedBy ? ` ${n.approvedBy} approved the escalation${n.withReason ? '; their reason is on the card for the people involved' : ''}.` : '';
    const skipped = n.skipped?.length ? ` It passed over ${n.skipped.map((s) => level(d, s)).join(' and ')}.` : '';
    const ask = entered.meeting === 'all-parties'
      ? ` A discussion or meeting of all parties is now called: ${describePeople(d.protocol, entered.lead, n.stage)} convene it from the card, and the outcome and actions are recorded there.`
      : ' Please discuss it with the other agency and record what you decide on the card.';
    const account = entered.writtenAccount ? ' The written account of the dispute and of what was tried is sent to them.' : '';
    return `${d.reference} has moved to ${stageName(d, n.stage)}.${approved}${skipped}${ask}${account} ${dueText(d)}.`;
  },
  'approval-needed': (n, d) => {
    const next = stageName(d, n.stage);
    const how = levelAt(d.protocol, n.stage).entry.by === 'request'
      ? `Either professional may move it to ${next} from the card, or record an agreed outcome.`
      : `${capital(movers(d).who)} must approve moving it to ${next}, or decline with a reason, from the card.`;
    return `${n.reminder ? 'Reminder: ' : ''}${level(d, n.stage - 1)} of ${d.reference} has run out without an agreed outcome. ${how}`;
  },
  'deadline-reminder': (n, d) => {
    const professionals = levelAt(d.protocol, n.stage).lead.who === 'professionals';
    const next = isLastLevel(d.protocol, n.stage) ? 'Please record the decision on the card.' : 'Please record a resolution on the card, or escalate.';
    const { partWay, workingHoursBefore } = clockOf(d.protocol).reminders;
    const which = n.which === 'two-hours-left'
      ? `${workingHoursBefore === 2 ? 'Two' : workingHoursBefore} working hour${workingHoursBefore === 1 ? '' : 's'} left`
      : partWay === 0.5 ? 'Half way' : `${Math.round(partWay * 100)}% of the way`;
    return `${which}: ${stageName(d, n.stage)} of ${d.reference} is due by ${formatMoment(n.due)}. ${professionals ? 'Please record your account and try to agree a way forward.' : next}`;
  },
  'decision-overdue': (n, d) => `Reminder: the ${level(d, n.stage)} timescale for ${d.reference} has passed. Please record the decision on the card.`,
  'action-due': (n, d) => `Reminder: an action agreed when ${d.reference} closed falls due today${n.owner ? ` (owner: ${n.owner})` : ''}. The action is on the card.`,
  'acknowledge-reminder': (n, d) => `Reminder: you were brought into professional disagreement ${d.reference} at ${level(d, n.stage)}. Please open the thread and press "${acknowledgeButton(d.protocol, n.stage)}" on your view of the card. ${dueText(d)}.`,
  'next-tier-exhausted': (n, d) => `Nobody for ${name(d, n.side)}'s side (${d.sides[n.side].agency}) has said they have seen ${d.reference} at ${level(d, n.stage)}, and nobody further up their chain could be brought in. Please find someone in ${d.sides[n.side].agency} with the authority to act on it. ${dueText(d)}.`,
  'receipt-unconfirmed': (n, d) => `Nobody in ${describePeople(d.protocol, levelAt(d.protocol, n.stage).lead, n.stage)} has yet confirmed receiving the written account of ${d.reference}, sent when it was referred. They have been reminded.`,
  'stood-in': (n, d) => (n.why === 'away'
    ? `${n.person} is brought into ${d.reference} at ${level(d, n.stage)}, covering for ${n.for}, who is away. The reason is on the card.`
    : `${n.person} is brought into ${d.reference} at ${level(d, n.stage)} for ${n.for}: nobody on that side said they had seen it by ${nextTierPart(d.protocol)}. ${dueText(d)}.`),
  'meeting-record-due': (n, d) => `The meeting for ${d.reference} on ${formatMoment(n.meetingAt)} has begun. When it ends, please record who attended, what was agreed and the actions, from the card ("Record the meeting").`,
  'meeting-record-overdue': (n, d) => `The meeting for ${d.reference} on ${formatMoment(n.meetingAt)} has not been recorded yet. Please record who attended, what was agreed and the actions, from the card. ${dueText(d)}.`,
  closed: (n, d) => `${d.reference} has been ${closurePhrase(d, n.how, n.stage)}. The written confirmation is on the card. ${name(d, 'raiser')} and ${name(d, 'respondent')}: please pick the themes of this dispute on the card, for the partnership's learning.`,
};

/** The words of the record's entry for each of the clock's events, read against the dispute as it stood once the event was applied. */
export const CLOCK_ENTRIES: { [T in ClockEvent['type']]: (e: Extract<DisputeEvent, { type: T }>, d: Dispute) => { who: string; what: string } } = {
  'stage-entered': (e, d) => {
    const visit = d.stages.at(-1)!;
    const how = e.how === 'timescale-ran-out' ? 'the timescale ran out without an agreed outcome' : `escalation approved${e.reason ? `, because: ${e.reason}` : ''}`;
    const skipped = e.skipped?.length ? `, passing over ${e.skipped.map((s) => level(d, s)).join(' and ')}` : '';
    return { who: e.by?.name ?? CLOCK, what: `${stageName(d, e.stage)} began ${formatMoment(visit.enteredAt)}: ${how}${skipped}. Due ${formatMoment(e.deadline.due)}.` };
  },
  'acknowledgement-reminded': (e, d) => ({ who: CLOCK, what: [...(e.to.length ? [SAID.reminded(e.to, level(d, e.stage))] : []), ...(e.told?.length ? [SAID.receiptUnconfirmed(e.told)] : [])].join('. ') + '.' }),
  'stood-in': (e, d) => ({ who: e.why === 'away' ? 'Cover' : CLOCK, what: `${SAID.standIn(e, level(d, e.stage), d.protocol)}.` }),
  'next-tier-exhausted': (e, d) => ({ who: CLOCK, what: `${SAID.exhausted(d.sides[e.side].agency, level(d, e.stage), e.told)}.` }),
  'approval-awaited': (_e, d) => ({ who: CLOCK, what: `${level(d, d.stage)} ran out without an agreed outcome; waiting for a decision to move on.` }),
  'decision-reminder-scheduled': (e) => ({ who: CLOCK, what: `Reminded the people who decide; next reminder ${formatMoment(e.deadline.due)}.` }),
  'reminder-sent': (e, d) => ({ who: CLOCK, what: `Reminder sent: ${level(d, d.stage)} due ${formatMoment(d.status !== 'closed' ? d.deadline.due : e.reminder)}.` }),
  'action-reminded': (e) => ({ who: CLOCK, what: `Reminded the people involved of an action due ${formatMoment(e.due)}.` }),
  'meeting-record-asked': (e) => ({ who: CLOCK, what: `Asked the convener to record the meeting of ${formatMoment(e.meetingAt)}.` }),
  'meeting-record-chased': (e) => ({ who: CLOCK, what: `Chased the record of the meeting of ${formatMoment(e.meetingAt)}.` }),
};

/** The clock's part of a dispute's history: the levels entered, reminders of acknowledgement, people brought in. */
export function sharedHistory(d: DisputeState): NarrativeEntry[] {
  if (!d) return [];
  return [
    ...d.stages.slice(1).map((s) => ({ at: s.enteredAt, who: s.by?.name ?? CLOCK, what: `${stageName(d, s.stage)} started (${entryPhrase(d, s)})`, tried: s.how === 'approved' && Boolean(s.reason) })),
    ...(d.acknowledgementReminders ?? []).flatMap((r) => [
      ...(r.to.length ? [{ at: r.at, who: CLOCK, what: SAID.reminded(r.to, level(d, r.stage)), tried: true }] : []),
      ...(r.told?.length ? [{ at: r.at, who: CLOCK, what: SAID.receiptUnconfirmed(r.told), tried: true }] : []),
    ]),
    ...(d.standIns ?? []).map((s) => ({ at: s.at, who: s.why === 'away' ? 'Cover' : CLOCK, what: SAID.standIn(s, level(d, s.stage), d.protocol), tried: true })),
    ...(d.nextTierExhausted ?? []).map((x) => ({ at: x.at, who: CLOCK, what: SAID.exhausted(d.sides[x.side].agency, level(d, x.stage), x.told), tried: true })),
  ];
}
