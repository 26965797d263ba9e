import type { Instant } from '../domain/dispute';
import { existing } from '../domain/evolve';
import { accept, blank, iso, person, post, refuse } from '../domain/decider/context';
import { formatMoment } from '../domain/narrative';
import { limited, object, text } from './card-fields';
import { allow, card, command, grantedThen, REPEAT } from './command';
import { meetingToChange, nextMeeting, tellInvited } from './meeting-time';

/**
 * A convened meeting called off, with a reason: said to each person invited in their own chat
 * (it may speak of the child), never in the thread. A Teams meeting is cancelled in their
 * calendars. A meeting still to come when the dispute closes (agreed, withdrawn) can be
 * cancelled after it closes: nothing else about a closed dispute changes.
 */
export type CancelMeeting = { kind: 'cancel-meeting'; meetingAt: Instant; reason: string };

export default command<CancelMeeting, Instant>({
  kind: 'cancel-meeting',
  applies: 'any',
  rule: (d, c) => grantedThen(meetingToChange(d, c), (meeting) => (meeting.cancelled ? REPEAT : allow(meeting.at))),
  decide(state, c, _ctx, at) {
    if (blank(c.reason)) return refuse('invalid', 'Say why the meeting is cancelled: the people invited are told.');
    const meeting = state.meetings.find((m) => m.at === at)!;
    // The reason goes to each person's own chat only: the thread says only that it is cancelled.
    const effects = tellInvited(post({ kind: 'meeting-cancelled', meetingAt: at }, meeting.attendees), meeting, c.actor, { kind: 'meeting-cancelled', meetingAt: at, reason: c.reason.trim() });
    return accept([{ type: 'meeting-cancelled', at: iso(c.now), by: person(c.actor), meetingAt: at, reason: c.reason.trim() }], effects);
  },
  entries: {
    'meeting-cancelled': (e) => `Cancelled the meeting of ${formatMoment(e.meetingAt)}: ${e.reason}`,
  },
  folds: {
    'meeting-cancelled': (state, e) => {
      const s = existing(state, e);
      return { ...s, meetings: s.meetings.map((m) => (m.at === e.meetingAt ? { ...m, cancelled: { at: e.at, by: e.by, reason: e.reason } } : m)) };
    },
  },
  card: card({
    schema: object({ meetingAt: text('The meeting', 40), meetingCancelReason: limited('Why it is cancelled', 'meetingCancelReason') }),
    build: (d) => (d.meetingAt ? { body: { kind: 'cancel-meeting', meetingAt: d.meetingAt, reason: d.meetingCancelReason } } : { error: 'This card is out of date. Press Refresh and try again.' }),
    done: 'The meeting is cancelled and everyone invited has been told.',
    probe: (d, _a, now) => {
      const meeting = nextMeeting(d, now);
      return meeting ? [{ kind: 'cancel-meeting', meetingAt: meeting.at, reason: '' }] : [];
    },
  }),
  notices: {
    'meeting-cancelled': (n, d) => `The meeting for ${d.reference} on ${formatMoment(n.meetingAt)} is cancelled${n.reason ? `: ${n.reason}` : '.'}`,
  },
});
