import assert from 'node:assert/strict';
import { ukTime, User } from './bot-harness';
import { button } from './card-client';
import { MISSING_MANAGER_DIRECTORY, people, TWO_SECRETARIAT, World } from './black-box';

/**
 * Every command a card button carries, with the state it is pressed in, who may press it and
 * what they type: the black-box press tests and the benchmark's count of store requests per
 * press both walk this list.
 */
const { alex, sam, priya, jo, chris, dev, outsider, helen } = people;

export type Setup = (w: World) => Promise<void>;

export async function pressAs(w: World, who: User, title: string | RegExp, typed: Record<string, string> = {}): Promise<void> {
  const answer = await w.press(who, button(await w.viewOf(who), title), typed, 'setup');
  assert.equal(answer.status, 200);
  await w.settle();
}

/** The current stage runs out: the clock moves to its due moment and the sweep fires it. */
export async function runsOut(w: World): Promise<void> {
  const { state } = await w.stored();
  const due = (state as { deadline: { due: string } }).deadline.due;
  w.h.setNow(new Date(due));
  await w.h.host.scheduler.sweep();
  await w.settle();
}

const stage1: Setup = async (w) => void (await w.raise());
const withRequest: Setup = async (w) => {
  await stage1(w);
  await pressAs(w, alex, 'Ask to escalate', { requestReason: 'The child was seen with bruising today' });
};
const stage2: Setup = async (w) => {
  await stage1(w);
  await runsOut(w);
};
const stage3: Setup = async (w) => {
  await stage2(w);
  await runsOut(w);
};
/** Stage 3, with the senior manager's meeting begun half an hour ago. */
const meetingBegun: Setup = async (w) => {
  await stage3(w);
  await pressAs(w, chris, 'Convene the meeting', { meetingDate: '2027-01-04', meetingTime: '10:00', meetingLocation: 'Teams call' });
  w.h.setNow(ukTime('2027-01-04T10:30'));
};
/** Stage 3, with the senior manager's meeting convened for Monday 4 January at 10:00. */
const meetingConvened: Setup = async (w) => {
  await stage3(w);
  await pressAs(w, chris, 'Convene the meeting', { meetingDate: '2027-01-04', meetingTime: '10:00', meetingLocation: 'Teams call' });
};
const awaitingReferral: Setup = async (w) => {
  await stage3(w);
  await runsOut(w);
};
const stage4: Setup = async (w) => {
  await awaitingReferral(w);
  await pressAs(w, chris, /^Approve moving it to Stage 4/, { escalationReason: 'A policy question for the panel' });
};
const proposed: Setup = async (w) => {
  await stage1(w);
  await pressAs(w, alex, 'Propose for confirmation', { outcome: 'A joint home visit this week', outcomeActions: 'Home visit | Sam Taylor | 06/01/2027' });
};
const atRisk: Setup = async (w) => {
  await stage1(w);
  await pressAs(w, alex, 'Yes: declare immediate risk');
};
const withdrawn: Setup = async (w) => {
  await stage1(w);
  await pressAs(w, alex, 'Withdraw', { withdrawReason: 'Resolved in a phone call' });
};
/** Withdrawn at Stage 2, so the first-line managers are among those involved. */
const withdrawnAtStage2: Setup = async (w) => {
  await stage2(w);
  await pressAs(w, alex, 'Withdraw', { withdrawReason: 'Resolved in a meeting of the managers' });
};
const onHold: Setup = async (w) => {
  await withdrawn(w);
  await pressAs(w, chris, 'Place the hold', { holdBasis: 'practice-review' });
};
const conferenceRoute: Setup = async (w) => void (await w.raise({ route: 'cp-conference-need' }));

export interface Case {
  name: string;
  verb: string;
  title: string | RegExp;
  setup: Setup;
  /** Who sees the button and may press it. */
  entitled: User[];
  /** Who the card hides it from, and whose crafted press must be refused. */
  refused: User[];
  typed?: Record<string, string>;
  env?: Record<string, string>;
}

export const CASES: Case[] = [
  { name: 'record an account', verb: 'dispute.recordAccount', title: 'Save my account', setup: stage1, entitled: [alex, sam], refused: [priya, jo, chris, dev, outsider], typed: { accountPosition: 'Tier 4 indicators are met', accountImpact: 'Hungry, missed appointments' } },
  { name: 'record a conversation', verb: 'dispute.recordConversation', title: 'Save the record', setup: stage1, entitled: [alex, sam, priya, jo, chris], refused: [dev, outsider], typed: { recordDate: '2026-12-24', recordTime: '09:30', recordParticipants: 'Alex Morgan, Sam Taylor', recordDiscussed: 'The referral decision' } },
  { name: 'ask to escalate', verb: 'dispute.requestEscalation', title: 'Ask to escalate', setup: stage1, entitled: [alex, sam], refused: [priya, jo, chris, dev, outsider], typed: { requestReason: 'The child was seen with bruising today' } },
  { name: 'approve escalation at Stage 1', verb: 'dispute.approveEscalation', title: 'Approve escalation to Stage 2', setup: withRequest, entitled: [priya], refused: [jo, chris, alex, sam, dev, outsider], typed: { escalationReason: 'It cannot wait' } },
  { name: 'decline escalation at Stage 1', verb: 'dispute.declineEscalation', title: 'Decline, with the reason', setup: withRequest, entitled: [priya], refused: [jo, chris, alex, sam, dev, outsider], typed: { escalationReason: 'Talk to Sam first' } },
  { name: 'escalate to Stage 3 now', verb: 'dispute.approveEscalation', title: 'Escalate to Stage 3 now', setup: stage2, entitled: [priya, jo], refused: [chris, alex, sam, dev, outsider], typed: { escalationReason: 'We cannot agree on the threshold' } },
  { name: 'approve referral to Stage 4', verb: 'dispute.approveEscalation', title: /^Approve moving it to Stage 4/, setup: awaitingReferral, entitled: [chris], refused: [priya, jo, alex, sam, dev, outsider], typed: { escalationReason: 'A policy question for the panel' } },
  { name: 'decline referral to Stage 4', verb: 'dispute.declineEscalation', title: 'Decline, with the reason', setup: awaitingReferral, entitled: [chris], refused: [priya, jo, alex, sam, dev, outsider], typed: { escalationReason: 'Meet once more first' } },
  { name: 'a manager disagrees with their practitioner', verb: 'dispute.managerDisagrees', title: 'Record my view', setup: stage2, entitled: [priya, jo], refused: [chris, alex, sam, dev, outsider], typed: { managerView: 'I think the threshold is met' } },
  { name: 'record the meeting', verb: 'dispute.recordMeeting', title: 'Save the meeting\'s record', setup: meetingBegun, entitled: [chris], refused: [priya, jo, alex, sam, dev, outsider], typed: { meetingAgreed: 'To share the attendance log', meetingActions: 'Share the log | Alex Morgan | 06/01/2027' } },
  { name: 'convene a meeting', verb: 'dispute.conveneMeeting', title: 'Convene the meeting', setup: stage3, entitled: [chris], refused: [priya, jo, alex, sam, dev, outsider], typed: { meetingDate: '2027-01-04', meetingTime: '10:00', meetingLocation: 'Teams call' } },
  { name: 'move the meeting', verb: 'dispute.moveMeeting', title: 'Move the meeting', setup: meetingConvened, entitled: [chris], refused: [priya, jo, alex, sam, dev, outsider], typed: { moveDate: '2027-01-05', moveTime: '09:00' } },
  { name: 'cancel the meeting', verb: 'dispute.cancelMeeting', title: 'Cancel the meeting', setup: meetingConvened, entitled: [chris], refused: [priya, jo, alex, sam, dev, outsider], typed: { meetingCancelReason: 'Jo Evans is in court that morning' } },
  { name: 'propose the agreed outcome', verb: 'dispute.proposeOutcome', title: 'Propose for confirmation', setup: stage1, entitled: [alex, sam], refused: [priya, jo, chris, dev, outsider], typed: { outcome: 'A joint home visit this week', outcomeActions: 'Home visit | Sam Taylor | 06/01/2027' } },
  { name: 'confirm the agreed outcome', verb: 'dispute.confirmOutcome', title: 'Confirm the agreed outcome', setup: proposed, entitled: [sam], refused: [priya, jo, chris, dev, outsider] },
  { name: 'ask for changes', verb: 'dispute.requestChanges', title: 'Ask for changes', setup: proposed, entitled: [sam], refused: [priya, jo, chris, dev, outsider], typed: { changesReason: 'Add the school nurse' } },
  { name: 'record the panel\'s decision', verb: 'dispute.recordDecision', title: 'Record decision and close', setup: stage4, entitled: [chris], refused: [alex, sam, priya, jo, dev, outsider], typed: { decision: 'A strategy discussion this week' } },
  { name: 'refer to Cafcass (IRO protocol)', verb: 'dispute.referOutside', title: 'Refer to Cafcass', setup: stage1, env: { PROTOCOL: 'iro' }, entitled: [alex], refused: [sam, priya, jo, chris, dev, outsider], typed: { referReason: 'The child\'s human rights are breached and it is not resolved' } },
  { name: 'withdraw', verb: 'dispute.withdraw', title: 'Withdraw', setup: stage1, entitled: [alex], refused: [sam, priya, jo, chris, dev, outsider], typed: { withdrawReason: 'Resolved in a phone call' } },
  { name: 'declare immediate risk (after its confirmation)', verb: 'dispute.declareImmediateRisk', title: 'Yes: declare immediate risk', setup: stage1, entitled: [alex, sam, priya, jo, chris], refused: [dev, outsider] },
  { name: 'record that the immediate risk is dealt with', verb: 'dispute.standDownImmediateRisk', title: /^Record it; the working-day timescale/, setup: atRisk, entitled: [priya, jo, chris], refused: [alex, sam, dev, outsider], typed: { standDownReason: 'The child is safe with grandparents; police attended' } },
  { name: 'set a sooner date', verb: 'dispute.setProtectiveDeadline', title: 'Set the sooner date', setup: stage1, entitled: [alex, sam, priya, jo, chris], refused: [dev, outsider], typed: { protectiveDeadlineDate: '2026-12-24', protectiveDeadlineTime: '15:00' } },
  { name: 'pick the themes', verb: 'dispute.recordThemes', title: 'Save the themes', setup: withdrawn, entitled: [alex, sam], refused: [priya, jo, chris, dev, outsider], typed: { themes: 'thresholds,information-sharing' } },
  { name: 'say what the partnership can learn', verb: 'dispute.recordLearning', title: 'Send', setup: withdrawnAtStage2, entitled: [alex, sam, priya, jo], refused: [chris, dev, outsider], typed: { learningHelped: 'early-conversation,managers', learningUnclear: 'protocol:stage-2', learningNotes: 'The Stage 2 wording on who calls whom was unclear' } },
  { name: 'note a challenge made well', verb: 'dispute.recogniseChallenge', title: 'Save the note', setup: withdrawnAtStage2, entitled: [priya, jo], refused: [alex, sam, chris, dev, outsider], typed: { recognisedSide: 'raiser', recognitionNote: 'Alex set out the indicators clearly and kept to the timescale' } },
  { name: 'name my manager', verb: 'dispute.nameManager', title: 'Name my manager', setup: stage1, env: { DIRECTORY_FILE: MISSING_MANAGER_DIRECTORY }, entitled: [alex], refused: [sam, priya, jo, dev, outsider], typed: { managerId: 'user-priya' } },
  { name: 'say "I\'ve seen this" at Stage 2', verb: 'dispute.acknowledge', title: 'I\'ve seen this', setup: stage2, entitled: [priya, jo], refused: [chris, alex, sam, dev, outsider] },
  // Helen is in the secretariat but not entitled to the details: she presses from the secretariat's own card.
  { name: 'place a legal hold on a closed dispute', verb: 'dispute.placeLegalHold', title: 'Place the hold', setup: withdrawn, env: { DIRECTORY_FILE: TWO_SECRETARIAT }, entitled: [chris, helen], refused: [alex, sam, priya, jo, dev, outsider], typed: { holdBasis: 'inquiry' } },
  { name: 'lift the legal hold', verb: 'dispute.liftLegalHold', title: 'Lift the legal hold', setup: onHold, env: { DIRECTORY_FILE: TWO_SECRETARIAT }, entitled: [chris, helen], refused: [alex, sam, priya, jo, dev, outsider] },
  { name: 'decide a request for a conference', verb: 'dispute.decideConferenceRequest', title: 'Record the decision', setup: conferenceRoute, entitled: [sam, jo], refused: [alex, priya, dev, outsider], typed: { conferenceAgreed: 'false', conferenceReasons: 'The threshold for a conference is not met' } },
];

