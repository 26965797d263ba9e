import type { DisputeState, PersonRef } from '../domain/dispute';
import { SIDES } from '../domain/dispute';
import type { DisputeEvent, Effect, RaiseInput } from '../domain/messages';
import { accept, iso, person, refuse } from '../domain/decider/context';
import { stageDeadline, urgentDeadline } from '../domain/decider/deadlines';
import { samePerson } from '../domain/person';
import { ALLOWED, command, forbid, Given } from './command';
import { consentTitle, dueText, tierTitle } from '../domain/narrative';
import { rungKeys, rungTitle } from '../domain/protocol';

/** A professional raises a disagreement with another agency's professional (the raise form, raise-form.ts, builds it). */
export type Raise = { kind: 'raise' } & RaiseInput;

/** Where a side has nobody at the chain's first rung: ask its professional to name one, and tell the designated lead. */
function managerRequests(c: Raise, lead: PersonRef | undefined): Effect[] {
  const rung = rungKeys(c.protocol)[0];
  if (!rung) return [];
  return SIDES.filter((side) => (c.sides[side].managers[rung] ?? []).length === 0).flatMap((side): Effect[] => [
    { type: 'notify-person', to: c.sides[side].professional, notice: { kind: 'manager-needed', side, rung } },
    ...(lead ? [{ type: 'notify-person', to: lead, notice: { kind: 'manager-missing', side, rung } } as Effect] : []),
  ]);
}

export default command<Raise, void, DisputeState>({
  kind: 'raise',
  applies: 'new',
  rule: (_state, c) => (samePerson(c.sides.raiser.professional, c.actor) ? ALLOWED : forbid('Only the professional raising the disagreement can raise it.')),
  decide(state, c: Raise & Given, ctx) {
    if (state !== null) return refuse('wrong-state', 'This dispute has already been raised.');
    const { sides } = c;
    if (samePerson(sides.respondent.professional, sides.raiser.professional)) return refuse('invalid', 'Choose the other professional, not yourself.');
    if (sides.raiser.agency.trim().toLowerCase() === sides.respondent.agency.trim().toLowerCase()) {
      return refuse('invalid', 'This protocol is for disagreements between agencies; for a disagreement within your agency, follow your in-house procedure.');
    }
    const { immediateRisk, designatedLead, kind: _kind, actor, now, ...raise } = c;
    const at = iso(now);
    const clocked = { protocol: c.protocol, raisedAt: at };
    const firstDeadline = stageDeadline(clocked, 1, now, ctx);
    const events: DisputeEvent[] = [
      { type: 'raised', at, by: person(actor), ...raise, ...(designatedLead ? { designatedLead } : {}), firstDeadline, ...(c.protocol.concernsInWriting === 'same-working-day' ? { writtenAccountDue: iso(ctx.calendar.endOfSameWorkingDay(now)) } : {}) },
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
  },
  notices: {
    'dispute-raised': (_n, d) => `You are a party to professional disagreement ${d.reference} (${d.sides.raiser.professional.name} and ${d.sides.respondent.professional.name}). Open the thread to see the details and record your account. ${dueText(d)}.`,
    'manager-needed': (n, d) => `Your ${rungTitle(d.protocol, n.rung)} could not be found for ${d.reference}. Please name them on the thread's card ("Name my manager"), so the dispute can escalate if it needs to.`,
    'manager-missing': (n, d) => `${d.sides[n.side].professional.name} (${d.sides[n.side].agency}) is a party to professional disagreement ${d.reference}, and their ${rungTitle(d.protocol, n.rung)} could not be found. They have been asked to name one; please help them if you can.`,
  },
  entries: {
    raised: (e) => `Raised the disagreement with ${e.sides.respondent.professional.name} (${e.sides.respondent.agency}). Child: case ${e.child.caseReference}, initials ${e.child.initials}; concern: ${e.concern.about}. Threshold indicators: ${e.concern.indicators.join(', ') || 'none chosen'}${e.concern.tier ? ` (${tierTitle(e.protocol, e.concern.tier)})` : ''}. Impact on the child: ${e.concern.impact}. Already tried: ${e.concern.tried || 'not stated'}. Consent: ${consentTitle(e.protocol, e.concern.consent)}.`,
  },
  folds: {
    raised(_state, event) {
      const { type: _type, at, by: _by, firstDeadline, ...raised } = event;
      return {
        ...raised,
        status: 'open',
        raisedAt: at,
        stage: 1,
        stages: [{ stage: 1, enteredAt: at, how: 'raised', due: firstDeadline.due }],
        deadline: firstDeadline,
        accounts: {},
        records: [],
        managerViews: [],
        meetings: [],
        declinedEscalations: [],
      };
    },
  },
});
