import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { AgreedAction, PersonRef, Theme } from '../domain/dispute';
import type { CommandBody } from '../domain/messages';
import type { StageNumber } from '../domain/protocol';

/** What a card button sends: the inputs on its card plus the action's own data. */
export type CardData = Record<string, unknown>;

export type Built = { body: CommandBody } | { error: string };

const MAX_TEXT = 3000;

function str(data: CardData, key: string): string {
  const v = data[key];
  return typeof v === 'string' ? v.trim() : '';
}

/** The stage a card showed when its button was pressed, so a second press does nothing. */
function fromStage(data: CardData): { fromStage?: StageNumber } {
  const stage = Number(str(data, 'fromStage'));
  return [1, 2, 3, 4].includes(stage) ? { fromStage: stage as StageNumber } : {};
}

/** Any text on a card longer than the bot keeps; checked once, in front of every verb. */
export function tooLong(data: CardData): string | undefined {
  const long = Object.values(data).some((v) => typeof v === 'string' && v.trim().length > MAX_TEXT);
  return long ? `That text is too long: keep it under ${MAX_TEXT} characters.` : undefined;
}

/** A UK date and time from Input.Date ("2027-01-04") and Input.Time ("10:00"). */
export function ukMoment(date: string, time: string): string | undefined {
  const moment = DateTime.fromISO(`${date}T${time || '00:00'}`, { zone: 'Europe/London' });
  return moment.isValid && /^\d{4}-\d{2}-\d{2}$/.test(date) ? moment.toUTC().toISO() ?? undefined : undefined;
}

/** A UK date as typed on a card ("06/01/2027" or "2027-01-06") as an ISO date. */
export function ukDate(text: string): string | undefined {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : text;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && DateTime.fromISO(iso).isValid ? iso : undefined;
}

/**
 * "what | who | by when" per line; every part is needed. An owner who is someone in the
 * dispute is recognised by name, so they can be reminded when the action falls due.
 */
export function parseActions(text: string, people: PersonRef[] = []): AgreedAction[] | { error: string } {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const actions: AgreedAction[] = [];
  for (const [i, line] of lines.entries()) {
    const [description, owner, dueText] = line.split('|').map((p) => p.trim());
    if (!description || !owner || !dueText) return { error: `Action ${i + 1}: write it as what | who | by when, for example "Home visit | Sam Taylor | 06/01/2027".` };
    const due = ukDate(dueText);
    if (!due) return { error: `Action ${i + 1}: "${dueText}" is not a date; write it like 06/01/2027.` };
    const ownerRef = people.find((p) => p.name.toLowerCase() === owner.toLowerCase());
    actions.push({ description, owner, due, ...(ownerRef ? { ownerRef } : {}) });
  }
  return actions;
}

/** People the card may name: those in the dispute, and the partnership directory. */
export interface Known {
  /** Who pressed the button. */
  actorId: string;
  inDispute: PersonRef[];
  find(id: string): PersonRef | undefined;
}

type Builder = (data: CardData, known: Known) => Built;

/**
 * One entry per card verb: how its inputs become a command, and what to tell the person
 * once it is done. Routes are registered from this table, one per verb.
 */
export const CARD_ACTIONS: Record<string, { build: Builder; done: string }> = {
  'dispute.recordAccount': {
    build: (d) => ({
      body: {
        kind: 'record-account',
        account: { position: str(d, 'accountPosition'), indicators: str(d, 'accountIndicators').split(',').map((s) => s.trim()).filter(Boolean), impact: str(d, 'accountImpact'), evidence: str(d, 'accountEvidence') },
      },
    }),
    done: 'Your account is recorded. The other professional has been told.',
  },
  'dispute.recordConversation': {
    build: (d, known) => {
      const heldAt = ukMoment(str(d, 'recordDate'), str(d, 'recordTime'));
      if (!heldAt) return { error: 'Enter the date and time of the conversation.' };
      const corrects = str(d, 'recordCorrects');
      // The same record pressed twice gets the same id, and the decider keeps it once.
      const id = `rec-${createHash('sha256').update(JSON.stringify([known.actorId, heldAt, str(d, 'recordParticipants'), str(d, 'recordDiscussed'), str(d, 'recordAgreed'), corrects])).digest('hex').slice(0, 24)}`;
      const record = { id, heldAt, participants: str(d, 'recordParticipants'), discussed: str(d, 'recordDiscussed'), agreed: str(d, 'recordAgreed'), ...(corrects ? { corrects } : {}) };
      return { body: { kind: 'record-conversation', record } };
    },
    done: 'The record is added.',
  },
  'dispute.requestEscalation': { build: (d) => ({ body: { kind: 'request-escalation', reason: str(d, 'requestReason') } }), done: 'Your manager has been asked to decide.' },
  'dispute.approveEscalation': {
    build: (d) => {
      const date = str(d, 'protectiveDate');
      const cap = date ? ukMoment(date, '17:00') : undefined;
      if (date && !cap) return { error: 'Enter the sooner date as a date.' };
      return { body: { kind: 'approve-escalation', reason: str(d, 'escalationReason'), ...fromStage(d), ...(cap ? { protectiveDeadline: cap } : {}) } };
    },
    done: 'Escalated. The next level has been told.',
  },
  'dispute.declineEscalation': { build: (d) => ({ body: { kind: 'decline-escalation', reason: str(d, 'escalationReason'), ...fromStage(d) } }), done: 'Declined; your reason is recorded and shown.' },
  'dispute.managerDisagrees': { build: (d) => ({ body: { kind: 'manager-disagrees', view: str(d, 'managerView') } }), done: 'Your view is recorded and shown to the other side.' },
  'dispute.conveneMeeting': {
    build: (d, known) => {
      const at = ukMoment(str(d, 'meetingDate'), str(d, 'meetingTime'));
      if (!at) return { error: 'Enter the date and time of the meeting.' };
      const ids = str(d, 'meetingAttendees').split(',').map((s) => s.trim()).filter(Boolean);
      return { body: { kind: 'convene-meeting', at, location: str(d, 'meetingLocation'), attendees: known.inDispute.filter((p) => ids.includes(p.id)) } };
    },
    done: 'The meeting is convened and the attendees have been told.',
  },
  'dispute.proposeOutcome': {
    build: (d, known) => {
      const actions = parseActions(str(d, 'outcomeActions'), known.inDispute);
      if ('error' in actions) return actions;
      return { body: { kind: 'propose-outcome', outcome: str(d, 'outcome'), outstandingIssues: str(d, 'outstandingIssues'), actions, howPursued: str(d, 'howPursued') } };
    },
    done: 'Proposed. Everyone who must confirm has been asked.',
  },
  'dispute.confirmOutcome': { build: () => ({ body: { kind: 'confirm-outcome' } }), done: 'Your confirmation is recorded.' },
  'dispute.requestChanges': { build: (d) => ({ body: { kind: 'request-changes', reason: str(d, 'changesReason') } }), done: 'Your request for changes is recorded; the proposal is open again.' },
  'dispute.recordBoardDecision': {
    build: (d, known) => {
      const actions = parseActions(str(d, 'boardActions'), known.inDispute);
      if ('error' in actions) return actions;
      return { body: { kind: 'record-board-decision', decision: str(d, 'boardDecision'), actions } };
    },
    done: 'The decision is recorded and the dispute is closed. Everyone has been told.',
  },
  'dispute.withdraw': { build: (d) => ({ body: { kind: 'withdraw', reason: str(d, 'withdrawReason') } }), done: 'The disagreement is withdrawn; your reason is recorded.' },
  'dispute.declareImmediateRisk': { build: () => ({ body: { kind: 'declare-immediate-risk' } }), done: 'Recorded. If you have not already, call 999 now.' },
  'dispute.setProtectiveDeadline': {
    build: (d) => {
      const due = ukMoment(str(d, 'protectiveDeadlineDate'), str(d, 'protectiveDeadlineTime'));
      return due ? { body: { kind: 'set-protective-deadline', due } } : { error: 'Enter the date and time.' };
    },
    done: 'The sooner date now applies.',
  },
  'dispute.recordThemes': {
    build: (d) => ({ body: { kind: 'record-themes', themes: str(d, 'themes').split(',').map((t) => t.trim()).filter(Boolean) as Theme[] } }),
    done: 'Thank you: the themes are recorded for the partnership\'s learning.',
  },
  'dispute.nameManager': {
    build: (d, known) => {
      const level = str(d, 'managerLevel');
      if (level !== 'first-line' && level !== 'senior') return { error: 'Choose first-line or senior manager.' };
      const manager = known.find(str(d, 'managerId'));
      if (!manager) return { error: 'Choose your manager from the list; if they are not there, ask the partnership to add them to its directory.' };
      return { body: { kind: 'name-manager', level, manager } };
    },
    done: 'Thank you: your manager is recorded and will be involved when the dispute reaches their level.',
  },
  'dispute.decideConferenceRequest': {
    build: (d) => {
      const agreed = str(d, 'conferenceAgreed');
      if (agreed !== 'true' && agreed !== 'false') return { error: 'Choose agree or refuse.' };
      return { body: { kind: 'decide-conference-request', agreed: agreed === 'true', reasons: str(d, 'conferenceReasons') } };
    },
    done: 'The decision on the request is recorded.',
  },
};
