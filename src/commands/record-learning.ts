import type { ClosedDispute, Dispute, Learning } from '../domain/dispute';
import { accept, iso, nothingToDo, person, refuse } from '../domain/decider/context';
import { existing } from '../domain/evolve';
import { includes, samePerson } from '../domain/person';
import type { Choice } from '../domain/protocol';
import { managersInvolved, parties } from '../domain/roles';
import { choices, limited, object } from './card-fields';
import { ALLOWED, card, command, forbid } from './command';

/**
 * What the partnership learns at closure, from each party and manager (optional, one card):
 * what helped, what got in the way, and whether the protocol or the Thresholds Document was
 * unclear, and where. The choices are counted in the partnership's picture; the note in the
 * person's own words goes to the secretariat's view only, never to the picture.
 */
export type RecordLearning = { kind: 'record-learning'; helped: string[]; hindered: string[]; unclear: string[]; notes: string };

export const HELPED: Choice[] = [
  { value: 'early-conversation', title: 'Talking early, professional to professional' },
  { value: 'thresholds-together', title: 'Reading the Thresholds Document together' },
  { value: 'managers', title: 'Managers getting involved' },
  { value: 'meeting', title: 'A meeting of the people involved' },
  { value: 'records', title: 'Clear written records' },
  { value: 'timescales', title: 'The timescales' },
  { value: 'other', title: 'Something else (say in the note)' },
];

export const HINDERED: Choice[] = [
  { value: 'no-reply', title: 'Slow replies, or none' },
  { value: 'thresholds-read-differently', title: 'The thresholds read differently' },
  { value: 'information-not-shared', title: 'Information not shared' },
  { value: 'availability', title: 'Workload or availability' },
  { value: 'who-decides', title: 'Unclear who decides' },
  { value: 'timescales', title: 'The timescales' },
  { value: 'other', title: 'Something else (say in the note)' },
];

/** Where the protocol or the Thresholds Document was unclear, in the words of this dispute's own. */
export function unclearChoices(d: Pick<Dispute, 'protocol'>): Choice[] {
  const p = d.protocol;
  return [
    ...p.levels.map((l) => ({ value: `protocol:${l.key}`, title: `The protocol: ${l.label} (${l.title})` })),
    { value: 'protocol:routes', title: 'The protocol: which route to use' },
    { value: 'protocol:timescales', title: 'The protocol: its timescales' },
    ...(p.thresholdTiers ?? []).map((t) => ({ value: `thresholds:${t.value}`, title: `The Thresholds Document: ${t.title}` })),
    { value: 'thresholds:indicators', title: 'The Thresholds Document: the indicators of need' },
  ];
}

const titles = (list: Choice[], values: string[]) => values.map((v) => list.find((c) => c.value === v)?.title ?? v);

/** A person's answers as the picture counts them: titles, never the note. */
export function learningTitles(d: Pick<Dispute, 'protocol'>, l: Pick<Learning, 'helped' | 'hindered' | 'unclear'>): { helped: string[]; hindered: string[]; unclear: string[] } {
  return { helped: titles(HELPED, l.helped), hindered: titles(HINDERED, l.hindered), unclear: titles(unclearChoices(d), l.unclear) };
}

const said = (d: Dispute, l: Pick<Learning, 'helped' | 'hindered' | 'unclear'>): string => {
  const t = learningTitles(d, l);
  const part = (label: string, items: string[]) => (items.length ? [`${label}: ${items.join('; ')}`] : []);
  return [...part('helped', t.helped), ...part('got in the way', t.hindered), ...part('unclear', t.unclear)].join('. ');
};

const same = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join();

export default command<RecordLearning, void, ClosedDispute>({
  kind: 'record-learning',
  applies: 'closed',
  untilClosed: 'What the partnership can learn is asked once the dispute has closed.',
  rule: (d, c) => (includes([...parties(d), ...managersInvolved(d)], c.actor) ? ALLOWED : forbid('The professionals and the managers involved say what the partnership can learn.')),
  decide(state, c) {
    const known = (list: Choice[], values: string[]) => values.every((v) => list.some((x) => x.value === v));
    if (!known(HELPED, c.helped) || !known(HINDERED, c.hindered) || !known(unclearChoices(state), c.unclear)) return refuse('invalid', 'Choose from the lists.');
    const notes = c.notes.trim();
    if (!c.helped.length && !c.hindered.length && !c.unclear.length && !notes) return refuse('invalid', 'Say what helped, what got in the way or what was unclear, or write a note.');
    const mine = state.learning?.find((l) => samePerson(l.by, c.actor));
    if (mine && same(mine.helped, c.helped) && same(mine.hindered, c.hindered) && same(mine.unclear, c.unclear) && mine.notes === notes) return nothingToDo();
    return accept([{ type: 'learning-recorded', at: iso(c.now), by: person(c.actor), helped: c.helped, hindered: c.hindered, unclear: c.unclear, notes }], [{ type: 'refresh-thread-card' }]);
  },
  entries: {
    'learning-recorded': (e, d) => {
      const what = said(d, e);
      return `Said what the partnership can learn from this dispute${what ? `: ${what}` : ''}.`;
    },
  },
  history: (d) => (d.status === 'closed' ? d.learning ?? [] : []).map((l) => ({ at: l.at, who: l.by.name, what: 'Said what the partnership can learn from this dispute', tried: false })),
  folds: {
    // Each person's latest answers stand.
    'learning-recorded': (state, e) => {
      const s = existing(state, e);
      if (s.status !== 'closed') throw new Error('Learning applies to closed disputes');
      const others = (s.learning ?? []).filter((l) => !samePerson(l.by, e.by));
      return { ...s, learning: [...others, { by: e.by, helped: e.helped, hindered: e.hindered, unclear: e.unclear, notes: e.notes, at: e.at }] };
    },
  },
  card: card({
    schema: object({ learningHelped: choices('What helped'), learningHindered: choices('What got in the way'), learningUnclear: choices('What was unclear'), learningNotes: limited('In your own words', 'learningNotes') }),
    build: (d) => ({ body: { kind: 'record-learning', helped: d.learningHelped, hindered: d.learningHindered, unclear: d.learningUnclear, notes: d.learningNotes } }),
    done: 'Thank you: your answers are counted in the partnership\'s picture, and your note goes to the secretariat only.',
    probe: () => ({ kind: 'record-learning', helped: ['other'], hindered: [], unclear: [], notes: '' }),
  }),
});
