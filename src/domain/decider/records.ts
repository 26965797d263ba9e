import { THEMES } from '../dispute';
import type { Dispute } from '../dispute';
import { WHO } from '../permissions';
import { levelAt } from '../protocol';
import { everyoneInvolved, includes, managersInvolved, otherSide, parties, samePerson } from '../roles';
import { accept, blank, Handler, iso, nothingToDo, person, post, refuse, refused } from './context';

/* Records: accounts, conversations, managers' views, meetings, themes and outside referrals. */

export const recordAccount: Handler<'record-account'> = (state, c) => {
  if (c.actor.role.kind !== 'party') return refused(WHO['record-account'](state, c.actor)!);
  if (blank(c.account.position)) return refuse('invalid', 'Say what your position is and why.');
  const side = c.actor.role.side;
  return accept(
    [{ type: 'account-recorded', at: iso(c.now), by: person(c.actor), side, account: c.account }],
    post({ kind: 'account-recorded', side }, [state.sides[otherSide(side)].professional]),
  );
};

export const recordConversation: Handler<'record-conversation'> = (state, c) => {
  const r = c.record;
  if (blank(r.discussed) || blank(r.participants)) return refuse('invalid', 'Say who took part and what was discussed.');
  if (r.corrects && !state.records.some((x) => x.id === r.corrects)) {
    return refuse('invalid', state.earlierRecords ? `Only the ${state.records.length} most recent records can be corrected here; record a new conversation that says what was wrong in the earlier one.` : 'The record to correct does not exist.');
  }
  if (state.records.some((x) => x.id === r.id)) return nothingToDo();
  return accept(
    [{ type: 'conversation-recorded', at: iso(c.now), record: { ...r, by: person(c.actor), recordedAt: iso(c.now) } }],
    post({ kind: 'conversation-recorded' }),
  );
};

export const managerDisagrees: Handler<'manager-disagrees'> = (state, c) => {
  const role = c.actor.role;
  if (role.kind !== 'manager') return refused(WHO['manager-disagrees'](state, c.actor)!);
  if (blank(c.view)) return refuse('invalid', 'Say where your view differs from your practitioner\'s assessment.');
  return accept(
    [{ type: 'manager-disagreed', at: iso(c.now), by: person(c.actor), side: role.side, view: c.view }],
    post({ kind: 'manager-disagrees', side: role.side }, [state.sides[otherSide(role.side)].professional, ...managersInvolved(state)]),
  );
};

export const conveneMeeting: Handler<'convene-meeting'> = (state, c, ctx) => {
  if (!(new Date(c.at) > c.now)) return refuse('invalid', 'The meeting must be in the future.');
  if (c.attendees.length === 0) return refuse('invalid', 'Choose who should attend.');
  if (blank(c.location)) return refuse('invalid', 'Say where the meeting is held, or how to join it.');
  if (levelAt(ctx.protocol, state.stage).meeting === 'all-parties' && !parties(state).every((p) => includes(c.attendees, p))) {
    return refuse('invalid', 'This is a meeting of all parties: include both professionals.');
  }
  return accept(
    [{ type: 'meeting-convened', at: iso(c.now), by: person(c.actor), meetingAt: c.at, location: c.location, attendees: c.attendees }],
    post({ kind: 'meeting-convened', meetingAt: c.at }, c.attendees),
  );
};

export const referOutside: Handler<'refer-outside'> = (state, c, ctx) => {
  const referral = ctx.protocol.outsideReferral!;
  if (blank(c.reason)) return refuse('invalid', `Say why this is referred to ${referral.to}; it is recorded and shown to everyone involved.`);
  if (state.outsideReferrals?.some((r) => r.to === referral.to)) return nothingToDo();
  return accept(
    [{ type: 'referred-outside', at: iso(c.now), by: person(c.actor), to: referral.to, reason: c.reason.trim() }],
    post({ kind: 'referred-outside', to: referral.to }, everyoneInvolved(state)),
  );
};

/** Closure themes are the one thing recorded after a dispute closes: by the two professionals. */
export const recordThemes: Handler<'record-themes', Dispute> = (state, c) => {
  if (state.status !== 'closed') return refuse('wrong-state', 'Themes are picked once the dispute has closed.');
  if (c.actor.role.kind !== 'party') return refused(WHO['record-themes'](state, c.actor)!);
  const themes = [...new Set(c.themes)];
  if (themes.length === 0 || themes.some((t) => !THEMES.includes(t))) return refuse('invalid', 'Pick at least one theme from the list.');
  const mine = state.themes?.filter((t) => samePerson(t.by, c.actor)).at(-1);
  if (mine && mine.themes.join() === themes.join()) return nothingToDo();
  return accept([{ type: 'themes-recorded', at: iso(c.now), by: person(c.actor), themes }], [{ type: 'refresh-thread-card' }]);
};
