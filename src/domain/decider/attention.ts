import type { Attention, Dispute, OpenDispute, PersonRef, SideName } from '../dispute';
import { SIDES } from '../dispute';
import type { Decision, DisputeEvent, Effect } from '../messages';
import { clockOf, levelAt, rungKeys, StageNumber } from '../protocol';
import { includes, managersAt, parties, samePerson, unique } from '../roles';
import { accept, Context, iso, person, refuse } from './context';
import { partWayOf } from './deadlines';

/*
 * "I've seen this": the people a level brings in (managers, senior managers, the partnership's
 * body) say they have seen it. Whoever has not within the protocol's working hours is reminded
 * in their personal chat. For a side where nobody has by half the level's timescale, their
 * cover, otherwise their own manager, is brought in, and the record says why. The partnership's
 * body has one working day to confirm it received the written account; then it is reminded
 * and the people who referred the dispute are told.
 */

/** The people a level needs to hear from, in groups: each side's managers at the level's rung, or the body leading it. */
export interface AckGroup {
  side?: SideName;
  rung?: string;
  body?: string;
  people: PersonRef[];
}

export function ackGroups(d: Dispute, stage: StageNumber): AckGroup[] {
  const lead = levelAt(d.protocol, stage).lead;
  if (lead.who === 'chain') return (lead.sides ?? SIDES).map((side) => ({ side, rung: lead.rung, people: managersAt(d, side, lead.rung) })).filter((g) => g.people.length > 0);
  if (lead.who === 'body') return (d.bodies[lead.body] ?? []).length ? [{ body: lead.body, people: [...(d.bodies[lead.body] ?? [])] }] : [];
  return [];
}

/** Who has said they have seen the level. */
export const seenBy = (d: Dispute, stage: StageNumber): PersonRef[] => (d.acknowledgements ?? []).filter((a) => a.stage === stage).map((a) => a.by);

export const answered = (group: AckGroup, seen: PersonRef[]) => group.people.some((p) => includes(seen, p));

/**
 * When to check on a level just entered, counted from when its people were told (`from`): a
 * reminder some working hours later, and the next tier part of the way (by default half way), in
 * working time, to the level's deadline; for a body, a reminder the protocol's working days (by
 * default one) after it was told.
 */
export function attentionFor(d: Dispute, stage: StageNumber, from: Date, due: Date, ctx: Context): Attention | undefined {
  const groups = ackGroups(d, stage);
  if (groups.length === 0) return undefined;
  const within = (t: Date) => (t > from && t < due ? iso(t) : undefined);
  if (groups.some((g) => g.body)) {
    const remindAt = within(ctx.calendar.addWorkingDays(from, clockOf(d.protocol).bodyConfirmsWithinWorkingDays));
    return remindAt ? { stage, remindAt } : undefined;
  }
  const remindAt = within(ctx.calendar.addWorkingHours(from, d.protocol.acknowledgeWithinHours ?? 4));
  const nextTierAt = within(partWayOf(d, from, due, clockOf(d.protocol).nextTierAt, ctx));
  if (!remindAt && !nextTierAt) return undefined;
  return { stage, ...(remindAt && (!nextTierAt || remindAt < nextTierAt) ? { remindAt } : {}), ...(nextTierAt ? { nextTierAt } : {}) };
}

/** The rung above `rung` in the protocol's chain. */
function rungAbove(d: Dispute, rung: string): string | undefined {
  const keys = rungKeys(d.protocol);
  return keys[keys.indexOf(rung) + 1];
}

/** A cover may stand in only where they are not already there and are not one of the two professionals. */
const mayStandIn = (d: Dispute, group: AckGroup, p: PersonRef | undefined): p is PersonRef => Boolean(p) && !includes(group.people, p!) && !includes(parties(d), p!);

/**
 * People brought in at a level for those who are away: each lead away now is joined by their
 * cover, or, where nobody may cover, by the next tier of their own chain, with the reason.
 * Called as the level is entered.
 */
export function coversForAway(d: Dispute, stage: StageNumber, now: Date, ctx: Context): DisputeEvent[] {
  if (!ctx.availability) return [];
  const events: DisputeEvent[] = [];
  for (const group of ackGroups(d, stage)) {
    if (!group.side || !group.rung) continue;
    for (const lead of group.people) {
      const availability = ctx.availability(lead, now);
      if (!availability?.away) continue;
      const above = rungAbove(d, group.rung);
      const cover = [availability.cover, ...(above ? managersAt(d, group.side, above) : [])].find((p) => mayStandIn(d, group, p));
      if (!cover) continue;
      events.push({ type: 'stood-in', at: iso(now), stage, side: group.side, rung: group.rung, person: person(cover), for: person(lead), why: 'away', ...(availability.lastDay ? { lastDay: availability.lastDay } : availability.until ? { until: availability.until } : {}) });
    }
  }
  return events;
}

/** The thread is told who was brought in and why, once per person; they are told in their chat too. */
export function standInEffects(events: DisputeEvent[]): Effect[] {
  const standIns = events.filter((e): e is Extract<DisputeEvent, { type: 'stood-in' }> => e.type === 'stood-in');
  const people = [...new Map(standIns.map((e) => [`${e.person.key}|${e.why}`, e])).values()];
  return people.flatMap((e): Effect[] => {
    const forWhom = [...new Set(standIns.filter((x) => samePerson(x.person, e.person) && x.why === e.why).map((x) => x.for.name))].join(' and ');
    const notice = { kind: 'stood-in' as const, stage: e.stage, person: e.person.name, for: forWhom, why: e.why };
    return [
      { type: 'post-to-thread', notice, mention: [e.person] },
      { type: 'notify-person', to: e.person, notice },
    ];
  });
}


/** A moment in `attention` has come: remind (`acknowledge`), or bring in the next person (`next-tier`). */
export function attentionReached(state: OpenDispute, moment: 'seen-check' | 'next-tier', now: Date, ctx: Context): Decision {
  const attention = state.attention!;
  const groups = ackGroups(state, attention.stage);
  const seen = seenBy(state, attention.stage);
  const silent = groups.filter((g) => !answered(g, seen));
  if (moment === 'seen-check') {
    const to = silent.flatMap((g) => g.people.filter((p) => !includes(seen, p)));
    // The partnership's body: those who referred it are told it has not been confirmed.
    const visit = state.stages.filter((s) => s.stage === attention.stage).at(-1);
    const told = silent.some((g) => g.body) ? (visit?.by ? [visit.by] : attention.stage > 1 ? ackGroups(state, attention.stage - 1).flatMap((g) => g.people) : []) : [];
    const effects: Effect[] = [
      ...to.map((p): Effect => ({ type: 'notify-person', to: p, notice: { kind: 'acknowledge-reminder', stage: attention.stage } })),
      ...told.map((p): Effect => ({ type: 'notify-person', to: p, notice: { kind: 'receipt-unconfirmed', stage: attention.stage } })),
    ];
    return accept([{ type: 'acknowledgement-reminded', at: iso(now), stage: attention.stage, to, ...(told.length ? { told } : {}) }], effects);
  }
  // Half the timescale: for each side nobody has answered for, their cover or their own manager.
  const events: DisputeEvent[] = [];
  const told = exhaustedTold(state);
  for (const group of silent) {
    if (!group.side || !group.rung) continue;
    const absent = group.people[0]!;
    const cover = group.people.map((p) => ctx.availability?.(p, now)?.cover).find((p) => mayStandIn(state, group, p));
    const above = rungAbove(state, group.rung);
    const manager = above ? managersAt(state, group.side, above).find((p) => mayStandIn(state, group, p)) : undefined;
    const next = cover ?? manager;
    if (next) events.push({ type: 'stood-in', at: iso(now), stage: attention.stage, side: group.side, rung: group.rung, person: person(next), for: person(absent), why: 'silent' });
    else events.push({ type: 'next-tier-exhausted', at: iso(now), stage: attention.stage, side: group.side, ...(told.length ? { told } : {}) });
  }
  // Everyone answered (an acknowledgement settles the check), so there is nothing left to do here.
  if (events.length === 0) return refuse('stale', 'Everyone this level brought in has said they have seen it.');
  const exhausted = events.flatMap((e): Effect[] => (e.type === 'next-tier-exhausted' ? (e.told ?? []).map((to) => ({ type: 'notify-person', to, notice: { kind: 'next-tier-exhausted', stage: e.stage, side: e.side } })) : []));
  return accept(events, [...standInEffects(events), ...exhausted, { type: 'refresh-thread-card' }]);
}

/**
 * Who is told when nobody further up a silent side's chain can be brought in: the
 * partnership's designated safeguarding lead and the secretariat, who can find someone to act.
 */
function exhaustedTold(d: Dispute): PersonRef[] {
  return unique([...(d.designatedLead ? [d.designatedLead] : []), ...(d.bodies.secretariat ?? [])]).filter((p) => !includes(parties(d), p));
}
