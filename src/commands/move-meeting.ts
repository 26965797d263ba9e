import type { Instant } from '../domain/dispute';
import { MEETING_MINUTES } from '../domain/dispute';
import { open } from '../domain/evolve';
import { accept, iso, person, post, refuse } from '../domain/decider/context';
import { formatMoment } from '../domain/narrative';
import { object, soon, text } from './card-fields';
import { allow, card, command, grantedThen, notNow, REPEAT } from './command';
import { chosenStart, meetingMinutes, meetingTimeProblem, meetingToChange, nextMeeting, tellInvited } from './meeting-time';

/** A convened meeting moved to another time: everyone invited is told, and a Teams meeting's invitation is updated. */
export type MoveMeeting = { kind: 'move-meeting'; meetingAt: Instant; to: Instant; minutes?: number };

export default command<MoveMeeting, Instant>({
  kind: 'move-meeting',
  applies: 'open',
  rule: (d, c) =>
    grantedThen(meetingToChange(d, c), (meeting) => {
      if (meeting.cancelled) return notNow(`The meeting of ${formatMoment(meeting.at)} was cancelled by ${meeting.cancelled.by.name}: convene another instead.`);
      // Pressed again from the card that moved it: it is already where it was asked to be.
      if (meeting.at === c.to && (meeting.minutes ?? MEETING_MINUTES) === (c.minutes ?? MEETING_MINUTES)) return REPEAT;
      return allow(meeting.at);
    }),
  decide(state, c, ctx, from) {
    const minutes = c.minutes ?? MEETING_MINUTES;
    const problem = meetingTimeProblem(state, c.to, minutes, c.now, ctx);
    if (problem) return refuse('invalid', problem);
    const meeting = state.meetings.find((m) => m.at === from)!;
    const moved = { kind: 'meeting-moved', meetingAt: c.to, from } as const;
    const effects = tellInvited(post(moved, meeting.attendees), meeting, c.actor, moved);
    return accept([{ type: 'meeting-moved', at: iso(c.now), by: person(c.actor), meetingAt: from, to: c.to, minutes }], effects);
  },
  entries: {
    'meeting-moved': (e) => `Moved the meeting of ${formatMoment(e.meetingAt)} to ${formatMoment(e.to)} (${e.minutes} minutes).`,
  },
  folds: {
    'meeting-moved': (state, e) => {
      const s = open(state, e);
      return { ...s, meetings: s.meetings.map((m) => (m.at === e.meetingAt ? { ...m, at: e.to, minutes: e.minutes, movedFrom: [...(m.movedFrom ?? []), m.at] } : m)) };
    },
  },
  card: card({
    schema: object({
      meetingAt: text('The meeting', 40),
      moveSlot: text('Suggested time', 40),
      moveDate: text('Date', 10),
      moveTime: text('Time', 8),
      moveMinutes: text('Length', 4),
    }),
    build: (d) => {
      const to = chosenStart(d.moveSlot, d.moveDate, d.moveTime);
      if (!to) return { error: 'Choose one of the suggested times, or enter the new date and time.' };
      const minutes = meetingMinutes(d.moveMinutes);
      if (!minutes) return { error: 'Choose how long the meeting is.' };
      if (!d.meetingAt) return { error: 'This card is out of date. Press Refresh and try again.' };
      return { body: { kind: 'move-meeting', meetingAt: d.meetingAt, to, minutes } };
    },
    done: 'The meeting is moved and everyone invited has been told.',
    probe: (d, _a, now) => {
      const meeting = nextMeeting(d, now);
      return meeting ? [{ kind: 'move-meeting', meetingAt: meeting.at, to: soon(now), minutes: 59 }] : [];
    },
  }),
  notices: {
    'meeting-moved': (n, d) => `The meeting for ${d.reference} on ${formatMoment(n.from)} is moved to ${formatMoment(n.meetingAt)}.`,
  },
});
