import type { Dispute } from '../dispute';
import type { Effect } from '../messages';
import { rungKeys, rungsUsed, rungTitle } from '../protocol';
import { everyoneInvolved, leadsOf, parties, reached, samePerson } from '../roles';
import { accept, blank, Handler, iso, nothingToDo, person, post, refuse } from './context';
import { decisionReminder, shortened, stageDeadline, urgentDeadline } from './deadlines';

/* Safety: immediate risk, a sooner date that protects the child, the conference request, and a missing manager. */

export const declareImmediateRisk: Handler<'declare-immediate-risk'> = (state, c, ctx) => {
  if (state.immediateRisk) return nothingToDo();
  const urgent = { ...state, immediateRisk: { declaredAt: iso(c.now), by: c.actor } };
  const deadline = urgentDeadline(urgent, state.deadline, state.stage, c.now, ctx);
  return accept(
    [{ type: 'immediate-risk-declared', at: iso(c.now), by: person(c.actor), deadline }],
    [{ type: 'show-emergency-route', mention: everyoneInvolved(state), declaredBy: c.actor.name }, { type: 'refresh-thread-card' }],
  );
};

export const standDownImmediateRisk: Handler<'stand-down-immediate-risk'> = (state, c, ctx) => {
  if (!state.immediateRisk) return nothingToDo();
  if (blank(c.reason)) return refuse('invalid', 'Say how the immediate risk has been dealt with; it is recorded and shown to everyone involved.');
  // The working-day clock for the current level starts again from now.
  const { immediateRisk: _dealtWith, ...calm } = state;
  const deadline = state.deadline.kind === 'stage' ? stageDeadline(calm, state.stage, c.now, ctx) : decisionReminder(calm, c.now, ctx);
  return accept(
    [{ type: 'immediate-risk-stood-down', at: iso(c.now), by: person(c.actor), reason: c.reason.trim(), deadline }],
    post({ kind: 'immediate-risk-stood-down', by: c.actor.name }, everyoneInvolved(state)),
  );
};

export const setProtectiveDeadline: Handler<'set-protective-deadline'> = (state, c, ctx) => {
  const due = new Date(c.due);
  if (Number.isNaN(due.getTime()) || !(due > c.now)) return refuse('invalid', 'The date that protects the child must be in the future.');
  if (!(due < new Date(state.deadline.due))) return refuse('invalid', 'That is not sooner than the current deadline; the shorter timescale always applies.');
  const deadline = shortened(state, state.deadline, due, c.now, ctx);
  return accept(
    [{ type: 'protective-deadline-set', at: iso(c.now), by: person(c.actor), deadline }],
    post({ kind: 'protective-deadline', due: deadline.due }, [...parties(state), ...leadsOf(state, state.stage)]),
  );
};

export const decideConferenceRequest: Handler<'decide-conference-request'> = (state, c, ctx) => {
  if (!ctx.protocol.route.decidesConferenceRequest) return refuse('wrong-state', 'This route is not about a request for a Child Protection Conference.');
  if (!c.agreed && blank(c.reasons)) return refuse('invalid', 'A refusal must be recorded with its reasons.');
  return accept(
    [{ type: 'conference-request-decided', at: iso(c.now), by: person(c.actor), agreed: c.agreed, reasons: c.reasons }],
    post({ kind: 'conference-request-decided', agreed: c.agreed }, parties(state)),
  );
};

/** Whether a rung's managers have been brought in already: a level the dispute reached is led at that rung. */
function rungInvolved(state: Dispute, rung: string): boolean {
  return reached(state).some((stage) => {
    const lead = state.protocol.levels[stage - 1]?.lead;
    return lead?.who === 'chain' && rungKeys(state.protocol).indexOf(lead.rung) >= rungKeys(state.protocol).indexOf(rung);
  });
}

export const nameManager: Handler<'name-manager'> = (state, c, ctx) => {
  const role = c.actor.role;
  if (role.kind !== 'party') return refuse('not-allowed', 'Each professional names their own manager.');
  if (!rungsUsed(ctx.protocol).includes(c.rung)) return refuse('invalid', 'Choose a management level from the list.');
  const side = state.sides[role.side];
  const list = side.managers[c.rung] ?? [];
  const level = rungTitle(ctx.protocol, c.rung);
  if (list.some((p) => samePerson(p, c.manager))) return nothingToDo();
  // Only a missing manager is named: a known one is never replaced from a card.
  if (list.length > 0) return refuse('not-allowed', `Your ${level} for this dispute is already known (${list.map((p) => p.name).join(', ')}). If that is wrong, ask the partnership to correct its directory.`);
  if (parties(state).some((p) => samePerson(p, c.manager))) return refuse('invalid', 'Name your manager, not one of the two professionals.');
  if (c.manager.agency !== side.agency) return refuse('invalid', `Name a manager in your own agency (${side.agency}); ${c.manager.name} is in ${c.manager.agency}.`);
  if (!c.manager.rungs.includes(c.rung)) return refuse('invalid', `${c.manager.name} is not listed in the partnership directory as a ${level}.`);
  const manager = person(c.manager);
  const lead = state.designatedLead && !samePerson(state.designatedLead, manager) ? [state.designatedLead] : [];
  const notice = { kind: 'manager-named' as const, side: role.side, rung: c.rung, manager: manager.name };
  return accept(
    [{ type: 'manager-named', at: iso(c.now), by: person(c.actor), side: role.side, rung: c.rung, manager }],
    [
      ...post(notice, rungInvolved(state, c.rung) ? [manager] : []),
      ...lead.map((to): Effect => ({ type: 'notify-person', to, notice })),
    ],
  );
};
