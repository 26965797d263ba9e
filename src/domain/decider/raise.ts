import { DisputeState, SIDES } from '../dispute';
import type { PersonRef } from '../dispute';
import type { Decision, DisputeEvent, Effect } from '../messages';
import { rungKeys } from '../protocol';
import { samePerson } from '../roles';
import type { DecideContext, Of } from './context';
import { accept, iso, person, refuse } from './context';
import { stageDeadline, urgentDeadline } from './deadlines';

/** Where a side has nobody at the chain's first rung: ask its professional to name one, and tell the designated lead. */
function managerRequests(c: Of<'raise'>, lead: PersonRef | undefined): Effect[] {
  const rung = rungKeys(c.protocol)[0];
  if (!rung) return [];
  return SIDES.filter((side) => (c.sides[side].managers[rung] ?? []).length === 0).flatMap((side): Effect[] => [
    { type: 'notify-person', to: c.sides[side].professional, notice: { kind: 'manager-needed', side, rung } },
    ...(lead ? [{ type: 'notify-person', to: lead, notice: { kind: 'manager-missing', side, rung } } as Effect] : []),
  ]);
}

export function decideRaise(state: DisputeState, c: Of<'raise'>, ctx: DecideContext): Decision {
  if (state !== null) return refuse('wrong-state', 'This dispute has already been raised.');
  const { sides } = c;
  if (!samePerson(sides.raiser.professional, c.actor)) return refuse('not-allowed', 'Only the professional raising the disagreement can raise it.');
  if (samePerson(sides.respondent.professional, sides.raiser.professional)) return refuse('invalid', 'Choose the other professional, not yourself.');
  if (sides.raiser.agency.trim().toLowerCase() === sides.respondent.agency.trim().toLowerCase()) {
    return refuse('invalid', 'This protocol is for disagreements between agencies; for a disagreement within your agency, follow your in-house procedure.');
  }
  const { immediateRisk, designatedLead, kind: _kind, actor, now, ...raise } = c;
  const at = iso(now);
  const clocked = { protocol: c.protocol, raisedAt: at };
  const firstDeadline = stageDeadline(clocked, 1, now, ctx);
  const events: DisputeEvent[] = [
    { type: 'raised', at, by: person(actor), ...raise, ...(designatedLead ? { designatedLead } : {}), firstDeadline, writtenAccountDue: iso(ctx.calendar.endOfSameWorkingDay(now)) },
  ];
  const both = [sides.raiser.professional, sides.respondent.professional];
  const effects: Effect[] = [
    { type: 'open-thread', mention: both },
    ...both.map((to): Effect => ({ type: 'notify-person', to, notice: { kind: 'dispute-raised' } })),
    ...managerRequests(c, designatedLead),
  ];
  if (immediateRisk) {
    const urgent = { ...clocked, immediateRisk: { declaredAt: at, by: person(actor) } };
    const deadline = urgentDeadline(urgent, firstDeadline, 1, now, ctx);
    events.push({ type: 'immediate-risk-declared', at, by: person(actor), deadline });
    effects.push({ type: 'show-emergency-route', mention: both, declaredBy: actor.name });
  }
  return accept(events, effects);
}
