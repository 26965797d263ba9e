import type { Availability, Instant, PersonRef } from '../dispute';
import type { Decision, DisputeEvent, Effect, Notice, Refusal, RefusalCode } from '../messages';
import type { Protocol } from '../protocol';
import { bare } from '../person';
import type { WorkingCalendar } from '../working-days';

/** What the caller supplies: the calendar, and who is away (where a level may be entered). */
export interface DecideContext {
  calendar: WorkingCalendar;
  /** Who is away now and who covers; who covers for anyone (a standing deputy). Absent: nobody is away. */
  availability?: Availability;
  /** Meetings are Teams meetings sent from the partnership's calendar (MEETINGS=graph): where they are held may be left to the invitation. */
  teamsMeetings?: boolean;
}

/** What every handler is given: the calendar and the protocol the dispute carries. */
export interface Context extends DecideContext {
  protocol: Protocol;
}

export const iso = (d: Date): Instant => d.toISOString();

export function refuse(code: RefusalCode, message: string): Decision {
  return { ok: false, refusal: { code, message } };
}

export function refused(refusal: Refusal): Decision {
  return { ok: false, refusal };
}

export function accept(events: DisputeEvent[], effects: Effect[] = []): Decision {
  return { ok: true, events, effects };
}

export const nothingToDo = (): Decision => accept([]);

export const blank = (text: string | undefined): boolean => !text || !text.trim();

/** The person as the record keeps them, without their role. */
export function person(actor: PersonRef): PersonRef {
  return bare(actor);
}

/** A thread message and a refresh of the thread card, which follows the dispute. */
export function post(notice: Notice, mention: PersonRef[] = []): Effect[] {
  return [{ type: 'post-to-thread', notice, mention }, { type: 'refresh-thread-card' }];
}
