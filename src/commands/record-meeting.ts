import { z } from 'zod';
import type { AgreedAction, Dispute, Instant, Meeting, OpenDispute, PersonRef } from '../domain/dispute';
import { standingMeetings } from '../domain/dispute';
import type { DisputeEvent, Effect } from '../domain/messages';
import { accept, blank, iso, nothingToDo, person, post, refuse } from '../domain/decider/context';
import { badActions } from '../domain/decider/outcome';
import { open } from '../domain/evolve';
import { actionsText, formatMoment } from '../domain/narrative';
import { includes, samePerson } from '../domain/person';
import { conveners } from '../domain/permissions';
import { requiredConfirmers } from '../domain/roles';
import { choices, limited, object, parseActions } from './card-fields';
import { allow, card, command, forbid, notNow } from './command';

/**
 * After a meeting the protocol convenes: who attended, whether it resolved the disagreement,
 * what was agreed and the actions. A meeting that resolved it puts its outcome to everyone who
 * must confirm it (as a proposed outcome); one that did not is recorded as tried. Anyone invited
 * who did not attend is told in their own chat.
 */
export type RecordMeeting = { kind: 'record-meeting'; meetingAt: Instant; attended: PersonRef[]; resolved: boolean; agreed: string; actions: AgreedAction[] };

/** The meeting waiting for its record: the latest one that has begun and has none. */
export function meetingToRecord(d: Dispute, now: Date): Meeting | undefined {
  return standingMeetings(d).filter((m) => !m.record && new Date(m.at) <= now).at(-1);
}

const recorded = (m: Pick<Meeting, 'at'>, r: { attended: PersonRef[]; resolved: boolean; agreed: string; actions: AgreedAction[] }) =>
  `Recorded the meeting of ${formatMoment(m.at)}: attended by ${r.attended.map((p) => p.name).join(', ') || 'nobody'}; ${r.resolved ? 'it resolved the disagreement' : 'it did not resolve the disagreement'}. Agreed: ${r.agreed || 'nothing'}. Actions: ${actionsText(r.actions)}`;

export default command<RecordMeeting, Meeting>({
  kind: 'record-meeting',
  applies: 'open',
  rule(d, c) {
    const meeting = standingMeetings(d).find((m) => m.at === c.meetingAt);
    if (!meeting) return notNow('There is no such meeting: open the dispute again to see where it stands.');
    return samePerson(meeting.convenedBy, c.actor) || includes(conveners(d), c.actor) ? allow(meeting) : forbid('Only whoever convened the meeting, or those who lead this level, record it.');
  },
  decide(state, c, _ctx, meeting) {
    if (new Date(meeting.at) > c.now) return refuse('invalid', 'The meeting has not begun yet.');
    if (meeting.record) {
      const same = meeting.record.resolved === c.resolved && meeting.record.agreed === c.agreed.trim();
      return same ? nothingToDo() : refuse('wrong-state', `The meeting of ${formatMoment(meeting.at)} was recorded by ${meeting.record.by.name}.`);
    }
    if (c.attended.length === 0) return refuse('invalid', 'Say who attended.');
    if (c.resolved && blank(c.agreed)) return refuse('invalid', 'Say what was agreed: it is put to everyone who must confirm the outcome.');
    if (badActions(c.actions)) return refuse('invalid', 'Every action needs what, who and by when.');
    const me = person(c.actor);
    const events: DisputeEvent[] = [{ type: 'meeting-recorded', at: iso(c.now), by: me, meetingAt: meeting.at, attended: c.attended, resolved: c.resolved, agreed: c.agreed.trim(), actions: c.actions }];
    const missed = meeting.attendees.filter((p) => !includes(c.attended, p));
    const told: Effect[] = missed.map((to) => ({ type: 'notify-person', to, notice: { kind: 'meeting-missed', meetingAt: meeting.at } }));
    if (!c.resolved) return accept(events, [...post({ kind: 'meeting-recorded', meetingAt: meeting.at, resolved: false }, c.attended), ...told]);
    // What the meeting agreed is the proposed outcome: everyone who must confirm it is asked.
    const proposal = { by: me, at: iso(c.now), outcome: c.agreed.trim(), outstandingIssues: '', actions: c.actions, howPursued: '', confirmedBy: [me.key] };
    events.push({ type: 'outcome-proposed', at: iso(c.now), proposal });
    return accept(events, [...post({ kind: 'outcome-proposed' }, requiredConfirmers(state).filter((p) => !samePerson(p, me))), ...told]);
  },
  notices: {
    'meeting-recorded': (n, d) => `The meeting for ${d.reference} on ${formatMoment(n.meetingAt)} is recorded${n.resolved ? '' : ': it did not resolve the disagreement, and the level goes on'}. The record is on the card.`,
    'meeting-missed': (n, d) => `You were invited to the meeting for ${d.reference} on ${formatMoment(n.meetingAt)} and are recorded as not attending. What it agreed is on the card.`,
  },
  entries: {
    'meeting-recorded': (e) => `${recorded({ at: e.meetingAt }, e)}.`,
  },
  history: (d) => d.meetings.flatMap((m) => (m.record ? [{ at: m.record.at, who: m.record.by.name, what: recorded(m, m.record), tried: true }] : [])),
  folds: {
    'meeting-recorded': (state, e) => {
      const s: OpenDispute = open(state, e);
      const record = { attended: e.attended, resolved: e.resolved, agreed: e.agreed, actions: e.actions, by: e.by, at: e.at };
      return { ...s, meetings: s.meetings.map((m) => (m.at === e.meetingAt ? { ...m, record } : m)) };
    },
  },
  card: card({
    schema: object({
      meetingAt: z.string({ error: 'This card is out of date. Press Refresh and try again.' }).regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/, { error: 'This card is out of date. Press Refresh and try again.' }),
      meetingAttended: choices('Who attended'),
      meetingResolved: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], { error: 'Say whether the meeting resolved the disagreement.' }),
      meetingAgreed: limited('What was agreed', 'meetingAgreed'),
      meetingActions: limited('Actions', 'meetingActions'),
    }),
    build: (d, known) => {
      const actions = parseActions(d.meetingActions, known.inDispute);
      if ('error' in actions) return actions;
      return { body: { kind: 'record-meeting', meetingAt: d.meetingAt, attended: known.inDispute.filter((p) => d.meetingAttended.includes(p.key)), resolved: d.meetingResolved, agreed: d.meetingAgreed, actions } };
    },
    done: 'The meeting is recorded. Anyone invited who did not attend has been told.',
    probe: (d, _a, now) => {
      const m = meetingToRecord(d, now);
      return m ? { kind: 'record-meeting', meetingAt: m.at, attended: m.attendees, resolved: false, agreed: '', actions: [] } : [];
    },
  }),
});
