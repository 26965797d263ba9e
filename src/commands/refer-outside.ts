import type { OutsideReferral } from '../domain/protocol';
import { open } from '../domain/evolve';
import { accept, blank, iso, nothingToDo, person, post, refuse } from '../domain/decider/context';
import { includes } from '../domain/person';
import { describePeople } from '../domain/permissions';
import { everyoneInvolved, resolvePeople } from '../domain/roles';
import { limited, object } from './card-fields';
import { allow, card, command, forbid, notNow } from './command';

/** A referral outside the ladder, where the protocol has one (the IRO protocol's referral to Cafcass). */
export type ReferOutside = { kind: 'refer-outside'; reason: string };

const referred = (to: string, reason: string) => `Referred the dispute to ${to}: ${reason}`;

export default command<ReferOutside, OutsideReferral>({
  kind: 'refer-outside',
  applies: 'open',
  rule(d, c) {
    const referral = d.protocol.outsideReferral;
    if (!referral) return notNow('This protocol has no referral outside the ladder.');
    return includes(resolvePeople(d, referral.by, d.stage), c.actor) ? allow(referral) : forbid(`Only ${describePeople(d.protocol, referral.by, d.stage)} can refer this to ${referral.to}.`);
  },
  decide(state, c, _ctx, referral) {
    if (blank(c.reason)) return refuse('invalid', `Say why this is referred to ${referral.to}; it is recorded and shown to everyone involved.`);
    if (state.outsideReferrals?.some((r) => r.to === referral.to)) return nothingToDo();
    return accept(
      [{ type: 'referred-outside', at: iso(c.now), by: person(c.actor), to: referral.to, reason: c.reason.trim() }],
      post({ kind: 'referred-outside', to: referral.to }, everyoneInvolved(state)),
    );
  },
  entries: {
    'referred-outside': (e) => referred(e.to, e.reason),
  },
  history: (d) => (d.outsideReferrals ?? []).map((r) => ({ at: r.at, who: r.by.name, what: referred(r.to, r.reason), tried: true })),
  folds: {
    'referred-outside': (state, e) => {
      const s = open(state, e);
      return { ...s, outsideReferrals: [...(s.outsideReferrals ?? []), { to: e.to, by: e.by, reason: e.reason, at: e.at }] };
    },
  },
  card: card({
    schema: object({ referReason: limited('Why', 'referReason') }),
    build: (d) => ({ body: { kind: 'refer-outside', reason: d.referReason } }),
    done: 'The referral is recorded and everyone involved has been told.',
    probe: () => ({ kind: 'refer-outside', reason: 'r' }),
  }),
  notices: {
    'referred-outside': (n, d) => `${d.reference} has been referred to ${n.to}; the reason is on the card for the people involved. The dispute continues.`,
  },
});
