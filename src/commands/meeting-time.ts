import type { Dispute, DisputeState, Instant, Meeting, PersonRef } from '../domain/dispute';
import type { Effect, Notice } from '../domain/messages';
import { MEETING_MINUTES, standingMeetings } from '../domain/dispute';
import type { DecideContext } from '../domain/decider/context';
import { inWorkingHours } from '../domain/meeting-slots';
import { formatMoment } from '../domain/narrative';
import { includes } from '../domain/person';
import { conveners } from '../domain/permissions';
import { samePerson } from '../domain/roles';
import { allow, forbid, Given, notNow, Permit } from './command';
import { ukMoment } from './card-fields';

/** Lengths a meeting may be given on the card, in minutes; an hour unless said. */
export const MEETING_LENGTHS = [30, 45, 60, 90, 120] as const;

/** The length a card's choice gives, or an hour; undefined for a length the card does not offer. */
export function meetingMinutes(value: string): number | undefined {
  if (!value) return MEETING_MINUTES;
  const minutes = Number(value);
  return (MEETING_LENGTHS as readonly number[]).includes(minutes) ? minutes : undefined;
}

/** The start a card gives: a suggested time chosen, else the date and time typed. */
export function chosenStart(slot: string, date: string, time: string): Instant | undefined {
  if (slot) return Number.isNaN(Date.parse(slot)) ? undefined : new Date(slot).toISOString();
  return ukMoment(date, time);
}

/** When this level's time runs out, where it is still running: a meeting the level convenes ends by then. */
export function levelDue(d: DisputeState, now: Date): Date | undefined {
  if (!d || d.status !== 'open' || d.deadline.kind !== 'stage' || d.deadline.stage !== d.stage) return undefined;
  const due = new Date(d.deadline.due);
  return due > now ? due : undefined;
}

/** What is wrong with a time for a meeting at the dispute's level, in words; undefined when nothing is. */
export function meetingTimeProblem(d: DisputeState, at: Instant, minutes: number, now: Date, ctx: DecideContext): string | undefined {
  const start = new Date(at);
  if (!(start > now)) return 'The meeting must be in the future.';
  const { dayStart, dayEnd } = ctx.calendar.options;
  if (!inWorkingHours(ctx.calendar, start, minutes)) {
    return `A meeting is held in working hours, ${dayStart} to ${dayEnd} UK time, on a working day (not a weekend or bank holiday): choose another time.`;
  }
  const due = levelDue(d, now);
  if (due && start.getTime() + minutes * 60_000 > due.getTime()) {
    return `This level's time runs out ${formatMoment(due.toISOString())}: choose a time that ends by then, or ask for the dispute to be escalated.`;
  }
  return undefined;
}

/**
 * The convened meeting a card names, for moving or cancelling it: found by the time the card
 * showed (or a time it has since been moved from, so a press repeated from an older card is
 * recognised), not yet begun, and changed only by whoever convened it or those who convene
 * meetings at this level.
 */
export function meetingToChange(d: Dispute, c: Given & { meetingAt: Instant }): Permit<Meeting> {
  const meeting = d.meetings.find((m) => m.at === c.meetingAt) ?? d.meetings.find((m) => m.movedFrom?.includes(c.meetingAt));
  if (!meeting) return notNow('There is no such meeting: open the dispute again to see where it stands.');
  if (!(samePerson(meeting.convenedBy, c.actor) || includes(conveners(d), c.actor))) {
    return forbid(`Only ${meeting.convenedBy.name}, who convened the meeting, or those who convene meetings at this level, may change it.`);
  }
  if (!meeting.cancelled && new Date(meeting.at) <= c.now) return notNow(`The meeting of ${formatMoment(meeting.at)} has begun: record it instead.`);
  return allow(meeting);
}

/**
 * Everyone invited told of a meeting or a change to it: `inThread` (the thread's post, which
 * @-mentions them), then each of them but whoever made the change in their own chat, then a
 * Teams meeting's invitation made to match.
 */
export function tellInvited(inThread: Effect[], m: Pick<Meeting, 'attendees' | 'online' | 'convenedAt'>, actor: PersonRef, personal: Notice): Effect[] {
  return [
    ...inThread,
    ...m.attendees.filter((p) => !samePerson(p, actor)).map((to): Effect => ({ type: 'notify-person', to, notice: personal })),
    ...(m.online ? [{ type: 'sync-calendar', convenedAt: m.convenedAt } as const] : []),
  ];
}

/** The meeting a person's card offers to move or cancel: the next one still to be held. */
export function nextMeeting(d: Dispute, now: Date): Meeting | undefined {
  return standingMeetings(d).filter((m) => new Date(m.at) > now).sort((a, b) => a.at.localeCompare(b.at))[0];
}
