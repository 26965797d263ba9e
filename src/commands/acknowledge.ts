import { open } from '../domain/evolve';
import { z } from 'zod';
import type { StageNumber } from '../domain/protocol';
import { accept, iso, person, refuse } from '../domain/decider/context';
import { ackGroups, answered, seenBy } from '../domain/decider/attention';
import { includes } from '../domain/person';
import { describePeople } from '../domain/permissions';
import { levelAt, levelName } from '../domain/protocol';
import { leadsOf } from '../domain/roles';
import { object } from './card-fields';
import { ALLOWED, card, command, forbid, notNow } from './command';

/**
 * "I've seen this" (at the partnership's level: "Confirm we received the written account"): for
 * the people a level brings in. The professionals who lead a level are already in it.
 */
export type Acknowledge = { kind: 'acknowledge'; stage: StageNumber };

const seen = (level: string) => `Said they had seen it at ${level}`;

export default command<Acknowledge>({
  kind: 'acknowledge',
  applies: 'open',
  rule(d, c) {
    const lead = levelAt(d.protocol, d.stage).lead;
    if (lead.who !== 'chain' && lead.who !== 'body') return notNow(`Nobody is brought in at ${levelName(d.protocol, d.stage)}: the people who lead it are already in it, so nobody needs to say they have seen it.`);
    return includes(leadsOf(d, d.stage), c.actor) ? ALLOWED : forbid(`Only ${describePeople(d.protocol, lead, d.stage)} say they have seen it at this level.`);
  },
  decide(state, c) {
    if (c.stage !== state.stage) return refuse('wrong-state', 'The dispute has moved on since this card was shown; open it again to see where it stands.');
    const seen = seenBy(state, state.stage);
    if (includes(seen, c.actor)) return refuse('wrong-state', 'You have already said you have seen it.');
    const after = [...seen, c.actor];
    const settled = ackGroups(state, state.stage).every((g) => answered(g, after));
    return accept([{ type: 'acknowledged', at: iso(c.now), by: person(c.actor), stage: state.stage, settled }], [{ type: 'refresh-thread-card' }]);
  },
  entries: {
    acknowledged: (e, d) => `${seen(levelAt(d.protocol, e.stage).label)}.`,
  },
  history: (d) => (d.acknowledgements ?? []).map((a) => ({ at: a.at, who: a.by.name, what: seen(levelAt(d.protocol, a.stage).label), tried: true })),
  folds: {
    // Once everyone the level needs has said so, the bot stops checking.
    acknowledged: (state, e) => {
      const s = open(state, e);
      const acknowledgements = [...(s.acknowledgements ?? []), { stage: e.stage, by: e.by, at: e.at }];
      if (!e.settled) return { ...s, acknowledgements };
      const { attention: _settled, ...rest } = s;
      return { ...rest, acknowledgements };
    },
  },
  card: card({
    schema: object({ stage: z.union([z.number().int().min(1).max(20), z.string().regex(/^\d{1,2}$/).transform(Number)], { error: 'This card is out of date; open the dispute again.' }) }),
    build: (d) => ({ body: { kind: 'acknowledge', stage: d.stage as StageNumber } }),
    done: 'Thank you: the people involved can see that you have seen it.',
    probe: (d) => ({ kind: 'acknowledge', stage: d.stage }),
    place: 'top',
  }),
});
