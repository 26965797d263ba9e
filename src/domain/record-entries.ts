import type { Dispute, Instant } from './dispute';
import { evolve } from './evolve';
import type { DisputeEvent } from './messages';
import { consentTitle, formatDay, formatMoment, SAID, stageName, tierTitle } from './narrative';
import { levelAt } from './protocol';

/** One entry of the record, in words: its number, when (UK time), who, and what happened. */
export interface RecordEntry {
  seq: number;
  at: Instant;
  who: string;
  what: string;
  /** The entries that correct this one, and the one this corrects. */
  correctedBy: number[];
  corrects?: number;
}

const CLOCK = 'Protocol clock';
const names = (people: { name: string }[]) => people.map((p) => p.name).join(', ') || 'nobody';

/** What one event says, read against the dispute as it stood once the event was applied. */
function describe(e: DisputeEvent, d: Dispute): { who: string; what: string } {
  const level = (stage: number) => levelAt(d.protocol, stage).label;
  const by = 'by' in e && e.by ? e.by.name : CLOCK;
  const say = (what: string, who = by) => ({ who, what });
  switch (e.type) {
    case 'raised':
      return say(`Raised the disagreement with ${e.sides.respondent.professional.name} (${e.sides.respondent.agency}). Child: case ${e.child.caseReference}, initials ${e.child.initials}; concern: ${e.concern.about}. Threshold indicators: ${e.concern.indicators.join(', ') || 'none chosen'} (${tierTitle(e.concern.tier)}). Impact on the child: ${e.concern.impact}. Already tried: ${e.concern.tried || 'not stated'}. Consent: ${consentTitle(e.concern.consent)}.`);
    case 'account-recorded':
      return say(`Recorded their account. Why worried or not: ${e.account.position}. Indicators: ${e.account.indicators.join(', ') || 'none'}. Impact: ${e.account.impact}. Evidence: ${e.account.evidence || 'none given'}.`);
    case 'conversation-recorded':
      return say(`${e.record.corrects ? 'Corrected an earlier record. ' : ''}Conversation on ${formatMoment(e.record.heldAt)} with ${e.record.participants}. Discussed: ${e.record.discussed}. Agreed: ${e.record.agreed || 'nothing yet'}.`, e.record.by.name);
    case 'escalation-requested':
      return say(`Asked to escalate: ${e.reason}`);
    case 'escalation-declined':
      return say(`Declined escalation: ${e.reason}${e.deadline ? `. The level goes on, due ${formatMoment(e.deadline.due)}` : ''}.`);
    case 'stage-entered': {
      const visit = d.stages.at(-1)!;
      const how = e.how === 'timescale-ran-out' ? 'the timescale ran out without an agreed outcome' : `escalation approved${e.reason ? `, because: ${e.reason}` : ''}`;
      const skipped = e.skipped?.length ? `, passing over ${e.skipped.map(level).join(' and ')}` : '';
      return say(`${stageName(d, e.stage)} began ${formatMoment(visit.enteredAt)}: ${how}${skipped}. Due ${formatMoment(e.deadline.due)}.`);
    }
    case 'acknowledged':
      return say(`${SAID.seen(level(e.stage))}.`);
    case 'acknowledgement-reminded':
      return say([...(e.to.length ? [SAID.reminded(e.to, level(e.stage))] : []), ...(e.told?.length ? [SAID.receiptUnconfirmed(e.told)] : [])].join('. ') + '.');
    case 'stood-in':
      return say(`${SAID.standIn(e, level(e.stage))}.`, e.why === 'away' ? 'Cover' : CLOCK);
    case 'next-tier-exhausted':
      return say(`${SAID.exhausted(d.sides[e.side].agency, level(e.stage), e.told)}.`);
    case 'approval-awaited':
      return say(`${level(d.stage)} ran out without an agreed outcome; waiting for a decision to move on.`);
    case 'decision-reminder-scheduled':
      return say(`Reminded the people who decide; next reminder ${formatMoment(e.deadline.due)}.`);
    case 'reminder-sent':
      return say(`Reminder sent: ${level(d.stage)} due ${formatMoment(d.status !== 'closed' ? d.deadline.due : e.reminder)}.`);
    case 'manager-disagreed':
      return say(SAID.managerView(e.view));
    case 'meeting-convened':
      return say(`Convened a meeting for ${formatMoment(e.meetingAt)} at ${e.location}, with ${names(e.attendees)}.`);
    case 'outcome-proposed': {
      const p = e.proposal;
      const actions = p.actions.map((a) => `${a.description} (${a.owner}, by ${formatDay(a.due)})`).join('; ') || 'none';
      return say(`Proposed the outcome: ${p.outcome}. Outstanding issues: ${p.outstandingIssues || 'none'}. Actions: ${actions}. How pursued: ${p.howPursued || 'not stated'}.`, p.by.name);
    }
    case 'outcome-confirmed':
      return say('Confirmed the proposed outcome.');
    case 'outcome-changes-requested':
      return say(`Asked for changes to the proposed outcome: ${e.reason}`);
    case 'immediate-risk-declared':
      return say(`${SAID.riskDeclared()}; every level now runs on clock hours.`);
    case 'immediate-risk-stood-down':
      return say(`${SAID.riskStoodDown(e.reason)}.`);
    case 'protective-deadline-set':
      return say(`Set a sooner date that protects the child: ${formatMoment(e.deadline.due)}.`);
    case 'conference-request-decided':
      return say(`${e.agreed ? 'Agreed' : 'Refused'} the request for a Child Protection Conference. ${e.reasons}`);
    case 'manager-named':
      return say(`Named ${e.manager.name} as ${d.sides[e.side].professional.name}'s manager.`);
    case 'referred-outside':
      return say(`Referred the dispute to ${e.to}: ${e.reason}`);
    case 'themes-recorded':
      return say(`${SAID.themes(e.themes)}.`);
    case 'legal-hold-placed':
      return say(`${SAID.holdPlaced(e.basis)}.`);
    case 'legal-hold-lifted':
      return say(`${SAID.holdLifted()}.`);
    case 'agreed':
      return say('Everyone involved confirmed the outcome: the dispute is closed with an agreed outcome.');
    case 'action-reminded':
      return say(`Reminded the people involved of an action due ${formatMoment(e.due)}.`);
    case 'withdrawn':
      return say(`Withdrew the disagreement: ${e.reason}`);
    case 'decision-recorded':
      return say(`Recorded the decision at ${level(e.stage)}: ${e.decision}. Actions: ${e.actions.map((a) => `${a.description} (${a.owner}, by ${formatDay(a.due)})`).join('; ') || 'none'}.`);
  }
}

/**
 * Every entry of a dispute's record in order, in words, with who and when; a correction points
 * at the entry it corrects and that entry names its corrections.
 */
export function recordEntries(history: readonly { seq: number; event: DisputeEvent }[]): RecordEntry[] {
  const entries: RecordEntry[] = [];
  const recordSeq = new Map<string, number>();
  let state: Dispute | null = null;
  for (const { seq, event } of history) {
    state = evolve(state, event) as Dispute;
    const { who, what } = describe(event, state);
    const entry: RecordEntry = { seq, at: event.at, who, what, correctedBy: [] };
    if (event.type === 'conversation-recorded') {
      recordSeq.set(event.record.id, seq);
      const corrected = event.record.corrects ? recordSeq.get(event.record.corrects) : undefined;
      if (corrected !== undefined) {
        entry.corrects = corrected;
        entries.find((x) => x.seq === corrected)?.correctedBy.push(seq);
      }
    }
    entries.push(entry);
  }
  return entries;
}
