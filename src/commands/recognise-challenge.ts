import { z } from 'zod';
import type { ClosedDispute, SideName } from '../domain/dispute';
import { accept, blank, iso, nothingToDo, person, refuse } from '../domain/decider/context';
import { existing } from '../domain/evolve';
import { includes, samePerson } from '../domain/person';
import { managersInvolved } from '../domain/roles';
import { limited, object } from './card-fields';
import { ALLOWED, card, command, forbid } from './command';

/** A manager notes that a professional's challenge was made well; the professional sees it. */
export type RecogniseChallenge = { kind: 'recognise-challenge'; side: SideName; note: string };

const recognised = (name: string, note: string) => `Noted that ${name}'s challenge was made well: ${note}`;

export default command<RecogniseChallenge, void, ClosedDispute>({
  kind: 'recognise-challenge',
  applies: 'closed',
  untilClosed: 'A challenge made well is recognised once the dispute has closed.',
  rule: (d, c) => (c.actor.role.kind === 'manager' && includes(managersInvolved(d), c.actor) ? ALLOWED : forbid('The managers involved note a challenge made well.')),
  decide(state, c) {
    if (blank(c.note)) return refuse('invalid', 'Say what was done well; the professional reads it.');
    const note = c.note.trim();
    if (state.recognitions?.some((r) => samePerson(r.by, c.actor) && r.side === c.side && r.note === note)) return nothingToDo();
    const to = state.sides[c.side].professional;
    return accept(
      [{ type: 'challenge-recognised', at: iso(c.now), by: person(c.actor), side: c.side, note }],
      [{ type: 'notify-person', to, notice: { kind: 'challenge-recognised', by: c.actor.name } }, { type: 'refresh-thread-card' }],
    );
  },
  notices: {
    'challenge-recognised': (n, d) => `${n.by} noted that your challenge on ${d.reference} was made well. Their note is on your view of the card.`,
  },
  entries: {
    'challenge-recognised': (e, d) => `${recognised(d.sides[e.side].professional.name, e.note)}.`,
  },
  // No line in the card's history, which everyone involved reads: the recognition is the professional's, on their own view.
  folds: {
    'challenge-recognised': (state, e) => {
      const s = existing(state, e);
      if (s.status !== 'closed') throw new Error('Recognition applies to closed disputes');
      return { ...s, recognitions: [...(s.recognitions ?? []), { by: e.by, side: e.side, note: e.note, at: e.at }] };
    },
  },
  card: card({
    schema: object({
      recognisedSide: z.enum(['raiser', 'respondent'], { error: 'Choose whose challenge it was.' }),
      recognitionNote: limited('What was done well', 'recognitionNote'),
    }),
    build: (d) => ({ body: { kind: 'recognise-challenge', side: d.recognisedSide, note: d.recognitionNote } }),
    done: 'Thank you: the professional has been told, and sees your note on their card.',
    probe: () => ({ kind: 'recognise-challenge', side: 'raiser', note: 'n' }),
  }),
});
