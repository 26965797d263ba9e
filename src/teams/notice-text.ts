import type { Activity } from 'botbuilder';
import { dueText } from '../cards/format';
import { mentionEntity } from '../cards/views';
import type { Dispute, PersonRef } from '../domain/dispute';
import { unique } from '../domain/person';
import type { Notice } from '../domain/messages';
import { acknowledgeButton, closurePhrase, formatMoment, stageName } from '../domain/narrative';
import { describePeople, movers } from '../domain/permissions';
import { isLastLevel, levelAt, rungTitle } from '../domain/protocol';

/**
 * The words of a thread message or personal message. They name the dispute by reference,
 * its stage and the professionals involved, never the child or anything a person typed:
 * everyone in the channel reads these.
 */
/** What the protocol calls the body leading a level ("the Safeguarding Partnership secretariat"). */
function bodyOfStage(d: Dispute, stage: number): string {
  return describePeople(d.protocol, levelAt(d.protocol, stage).lead, stage);
}

export function noticeText(notice: Notice, d: Dispute): string {
  const ref = d.reference;
  const name = (side: 'raiser' | 'respondent') => d.sides[side].professional.name;
  switch (notice.kind) {
    case 'dispute-raised':
      return `You are a party to professional disagreement ${ref} (${name('raiser')} and ${name('respondent')}). Open the thread to see the details and record your account. ${dueText(d)}.`;
    case 'stage-entered': {
      const level = levelAt(d.protocol, notice.stage);
      const approved = notice.approvedBy ? ` ${notice.approvedBy} approved the escalation${notice.withReason ? '; their reason is on the card for the people involved' : ''}.` : '';
      const skipped = notice.skipped?.length ? ` It passed over ${notice.skipped.map((s) => levelAt(d.protocol, s).label).join(' and ')}.` : '';
      const ask = level.meeting === 'all-parties'
        ? ` A discussion or meeting of all parties is now called: ${describePeople(d.protocol, level.lead, notice.stage)} convene it from the card, and the outcome and actions are recorded there.`
        : ' Please discuss it with the other agency and record what you decide on the card.';
      const account = level.writtenAccount ? ' The written account of the dispute and of what was tried is sent to them.' : '';
      return `${ref} has moved to ${stageName(d, notice.stage)}.${approved}${skipped}${ask}${account} ${dueText(d)}.`;
    }
    case 'account-recorded':
      return `${name(notice.side)} has recorded their account on ${ref}. Open your view of the card to read it.`;
    case 'conversation-recorded':
      return `A record of a conversation was added to ${ref}.`;
    case 'escalation-requested':
      return `${name(notice.side)} has asked to escalate ${ref}. Please approve or decline, with a reason, from your view of the card.`;
    case 'escalation-declined':
      return `${notice.by} declined escalation of ${ref}; the reason is on the card for the people involved. ${dueText(d)}.`;
    case 'approval-needed': {
      const previous = levelAt(d.protocol, notice.stage - 1).label;
      const next = stageName(d, notice.stage);
      const how = levelAt(d.protocol, notice.stage).entry.by === 'request'
        ? `Either professional may move it to ${next} from the card, or record an agreed outcome.`
        : `${capital(movers(d).who)} must approve moving it to ${next}, or decline with a reason, from the card.`;
      return `${notice.reminder ? 'Reminder: ' : ''}${previous} of ${ref} has run out without an agreed outcome. ${how}`;
    }
    case 'deadline-reminder': {
      const professionals = levelAt(d.protocol, notice.stage).lead.who === 'professionals';
      const next = isLastLevel(d.protocol, notice.stage) ? 'Please record the decision on the card.' : 'Please record a resolution on the card, or escalate.';
      const which = notice.which === 'two-hours-left' ? 'Two working hours left' : 'Half way';
      return `${which}: ${stageName(d, notice.stage)} of ${ref} is due by ${formatMoment(notice.due)}. ${professionals ? 'Please record your account and try to agree a way forward.' : next}`;
    }
    case 'decision-overdue':
      return `Reminder: the ${levelAt(d.protocol, notice.stage).label} timescale for ${ref} has passed. Please record the decision on the card.`;
    case 'manager-disagrees':
      return `A manager for ${name(notice.side)}'s agency disagrees with their practitioner's assessment on ${ref}. Their view is on the card.`;
    case 'meeting-convened':
      return `A Resolving Professional Disagreements Meeting for ${ref} is convened for ${formatMoment(notice.meetingAt)}. Details are on the card.`;
    case 'outcome-proposed':
      return `An agreed outcome for ${ref} has been proposed. Please confirm it, or ask for changes, from your view of the card.`;
    case 'outcome-changes-requested':
      return `Changes were asked for to the proposed outcome for ${ref}; the proposal is open again.`;
    case 'immediate-risk-stood-down':
      return `${notice.by} has recorded that the immediate risk on ${ref} has been dealt with; the reason is on the card for the people involved. The working-day timescale applies again from now. ${dueText(d)}.`;
    case 'protective-deadline':
      return `${ref} must now be resolved at this stage by ${formatMoment(notice.due)}, a sooner date that protects the child.`;
    case 'conference-request-decided':
      return `The request for a Child Protection Conference on ${ref} was ${notice.agreed ? 'agreed' : 'refused; the reasons are recorded on the card'}.`;
    case 'action-due':
      return `Reminder: an action agreed when ${ref} closed falls due today${notice.owner ? ` (owner: ${notice.owner})` : ''}. The action is on the card.`;
    case 'manager-needed':
      return `Your ${rungTitle(d.protocol, notice.rung)} could not be found for ${ref}. Please name them on the thread's card ("Name my manager"), so the dispute can escalate if it needs to.`;
    case 'manager-missing':
      return `${name(notice.side)} (${d.sides[notice.side].agency}) is a party to professional disagreement ${ref}, and their ${rungTitle(d.protocol, notice.rung)} could not be found. They have been asked to name one; please help them if you can.`;
    case 'manager-named':
      return `${name(notice.side)} (${d.sides[notice.side].agency}) has named ${notice.manager} as their ${rungTitle(d.protocol, notice.rung)} for ${ref}.`;
    case 'referred-outside':
      return `${ref} has been referred to ${notice.to}; the reason is on the card for the people involved. The dispute continues.`;
    case 'acknowledge-reminder':
      return `Reminder: you were brought into professional disagreement ${ref} at ${levelAt(d.protocol, notice.stage).label}. Please open the thread and press "${acknowledgeButton(d.protocol, notice.stage)}" on your view of the card. ${dueText(d)}.`;
    case 'next-tier-exhausted':
      return `Nobody for ${name(notice.side)}'s side (${d.sides[notice.side].agency}) has said they have seen ${ref} at ${levelAt(d.protocol, notice.stage).label}, and nobody further up their chain could be brought in. Please find someone in ${d.sides[notice.side].agency} with the authority to act on it. ${dueText(d)}.`;
    case 'receipt-unconfirmed':
      return `Nobody in ${bodyOfStage(d, notice.stage)} has yet confirmed receiving the written account of ${ref}, sent when it was referred. They have been reminded.`;
    case 'stood-in':
      return notice.why === 'away'
        ? `${notice.person} is brought into ${ref} at ${levelAt(d.protocol, notice.stage).label}, covering for ${notice.for}, who is away. The reason is on the card.`
        : `${notice.person} is brought into ${ref} at ${levelAt(d.protocol, notice.stage).label} for ${notice.for}: nobody on that side said they had seen it by half the timescale. ${dueText(d)}.`;
    case 'closed': {
      const how = closurePhrase(d, notice.how, notice.stage);
      return `${ref} has been ${how}. The written confirmation is on the card. ${name('raiser')} and ${name('respondent')}: please pick the themes of this dispute on the card, for the partnership's learning.`;
    }
  }
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function emergencyText(d: Dispute, emergencyContact: string, declaredBy: string): string {
  return `Immediate risk on ${d.reference}, declared by ${declaredBy}: if a child is at immediate risk of significant harm, call 999 now, then ${emergencyContact}. Do not wait for this process. Each level of ${d.reference} now runs on ${d.protocol.urgent.hoursPerStage} clock hours; the clock never pauses.`;
}

/** A message activity that @-mentions people: "<at>Name</at>" in the text and a mention entity each. */
export function mentionMessage(text: string, mention: PersonRef[]): Partial<Activity> {
  const people = unique(mention);
  const prefix = people.map((p) => `<at>${p.name}</at>`).join(' ');
  return {
    type: 'message',
    text: prefix ? `${prefix} ${text}` : text,
    textFormat: 'xml',
    entities: people.map(mentionEntity),
  } as Partial<Activity>;
}
