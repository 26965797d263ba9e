import type { Instant, PersonRef } from '../domain/dispute';
import { MEETING_MINUTES } from '../domain/dispute';
import { open } from '../domain/evolve';
import { accept, blank, iso, person, post, refuse } from '../domain/decider/context';
import { formatMoment } from '../domain/narrative';
import { includes } from '../domain/person';
import { conveners, describePeople, invitees } from '../domain/permissions';
import { levelAt, levelName } from '../domain/protocol';
import { parties, unique } from '../domain/roles';
import { choices, limited, object, soon, text } from './card-fields';
import { ALLOWED, card, command, forbid, notNow } from './command';
import { chosenStart, meetingMinutes, meetingTimeProblem, tellInvited } from './meeting-time';

/**
 * A Resolving Professional Disagreements Meeting (or a meeting of all parties), where the level
 * has one. `minutes`: its length (an hour unless said); `location` may be left empty where
 * meetings are Teams meetings, whose invitation says how to join.
 */
export type ConveneMeeting = { kind: 'convene-meeting'; at: Instant; location: string; attendees: PersonRef[]; minutes?: number };

/** Where a Teams meeting is held, as the card and the record say it. */
export const TEAMS_MEETING = 'a Teams meeting (the invitation is in each attendee\'s calendar)';

export default command<ConveneMeeting>({
  kind: 'convene-meeting',
  applies: 'open',
  rule(d, c) {
    const level = levelAt(d.protocol, d.stage);
    if (level.meeting === 'none') return notNow(`No meeting is convened at ${levelName(d.protocol, d.stage)}.`);
    return includes(conveners(d), c.actor) ? ALLOWED : forbid(`Only ${describePeople(d.protocol, level.lead, d.stage)} convene the meeting at this level.`);
  },
  decide(state, c, ctx) {
    const minutes = c.minutes ?? MEETING_MINUTES;
    const problem = meetingTimeProblem(state, c.at, minutes, c.now, ctx);
    if (problem) return refuse('invalid', problem);
    if (c.attendees.length === 0) return refuse('invalid', 'Choose who should attend.');
    const online = ctx.teamsMeetings === true;
    if (blank(c.location) && !online) return refuse('invalid', 'Say where the meeting is held, or how to join it.');
    if (levelAt(ctx.protocol, state.stage).meeting === 'all-parties' && !parties(state).every((p) => includes(c.attendees, p))) {
      return refuse('invalid', 'This is a meeting of all parties: include both professionals.');
    }
    // The people the protocol says a meeting at this level brings together are all invited.
    const left = levelAt(ctx.protocol, state.stage).invite ? invitees(state).filter((p) => !includes(c.attendees, p)) : [];
    if (left.length) return refuse('invalid', `The protocol brings ${left.map((p) => p.name).join(', ')} to this meeting: include them.`);
    const attendees = unique(c.attendees);
    const at = iso(c.now);
    return accept(
      [{ type: 'meeting-convened', at, by: person(c.actor), meetingAt: c.at, location: blank(c.location) ? TEAMS_MEETING : c.location.trim(), attendees, minutes, ...(online ? { online } : {}) }],
      tellInvited(post({ kind: 'meeting-convened', meetingAt: c.at, attendees: attendees.map((p) => p.name) }, attendees), { attendees, online, convenedAt: at }, c.actor, { kind: 'meeting-invited', meetingAt: c.at }),
    );
  },
  entries: {
    'meeting-convened': (e) => `Convened a meeting for ${formatMoment(e.meetingAt)}${e.minutes ? ` (${e.minutes} minutes)` : ''} at ${e.location}, with ${e.attendees.map((a) => a.name).join(', ') || 'nobody'}.`,
  },
  history: (d) => d.meetings.map((m) => ({ at: m.convenedAt ?? m.at, who: m.convenedBy.name, what: `Meeting convened for ${formatMoment(m.at)} at ${m.location}, with ${m.attendees.map((a) => a.name).join(', ')}${m.movedFrom?.length ? ` (moved from ${m.movedFrom.map(formatMoment).join(', then ')})` : ''}${m.cancelled ? ` (cancelled by ${m.cancelled.by.name})` : ''}`, tried: !m.cancelled })),
  folds: {
    'meeting-convened': (state, e) => {
      const s = open(state, e);
      return { ...s, meetings: [...s.meetings, { at: e.meetingAt, ...(e.minutes ? { minutes: e.minutes } : {}), location: e.location, attendees: e.attendees, convenedBy: e.by, convenedAt: e.at, ...(e.online ? { online: true } : {}) }] };
    },
  },
  card: card({
    schema: object({
      meetingSlot: text('Suggested time', 40),
      meetingDate: text('Date', 10),
      meetingTime: text('Time', 8),
      meetingMinutes: text('Length', 4),
      meetingLocation: limited('Where, or how to join', 'meetingLocation'),
      meetingAttendees: choices('Attendees'),
    }),
    build: (d, known) => {
      const at = chosenStart(d.meetingSlot, d.meetingDate, d.meetingTime);
      if (!at) return { error: 'Choose one of the suggested times, or enter the date and time of the meeting.' };
      const minutes = meetingMinutes(d.meetingMinutes);
      if (!minutes) return { error: 'Choose how long the meeting is.' };
      return { body: { kind: 'convene-meeting', at, minutes, location: d.meetingLocation, attendees: known.inDispute.filter((p) => d.meetingAttendees.includes(p.key)) } };
    },
    done: 'The meeting is convened and the attendees have been told.',
    probe: (d, _a, now) => ({ kind: 'convene-meeting', at: soon(now), location: 'l', attendees: invitees(d) }),
  }),
  notices: {
    'meeting-convened': (n, d) => `A Resolving Professional Disagreements Meeting for ${d.reference} is convened for ${formatMoment(n.meetingAt)}${n.attendees?.length ? `, with ${n.attendees.join(', ')}` : ''}. Details are on the card.`,
    'meeting-invited': (n, d) => `You are invited to the meeting for ${d.reference} on ${formatMoment(n.meetingAt)}. Where it is, or how to join, is on your view of the card.`,
  },
});
