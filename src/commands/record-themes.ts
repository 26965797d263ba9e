import { existing } from '../domain/evolve';
import { z } from 'zod';
import type { ClosedDispute, Theme } from '../domain/dispute';
import { THEMES } from '../domain/dispute';
import { accept, iso, nothingToDo, person, refuse } from '../domain/decider/context';
import { samePerson } from '../domain/person';
import { choices, object } from './card-fields';
import { ALLOWED, card, command, forbid } from './command';
import { THEME_TITLES } from '../domain/narrative';

/** The themes of a closed dispute, for the partnership's learning: picked by the two professionals. */
export type RecordThemes = { kind: 'record-themes'; themes: Theme[] };

const themesText = (themes: Theme[]) => `Themes for the partnership's learning: ${themes.map((x) => THEME_TITLES[x]).join(', ')}`;

export default command<RecordThemes, void, ClosedDispute>({
  kind: 'record-themes',
  applies: 'closed',
  untilClosed: 'Themes are picked once the dispute has closed.',
  rule: (_d, c) => (c.actor.role.kind === 'party' ? ALLOWED : forbid('The two professionals pick the themes.')),
  decide(state, c) {
    const themes = [...new Set(c.themes)];
    if (themes.length === 0 || themes.some((t) => !THEMES.includes(t))) return refuse('invalid', 'Pick at least one theme from the list.');
    const mine = state.themes?.filter((t) => samePerson(t.by, c.actor)).at(-1);
    if (mine && mine.themes.join() === themes.join()) return nothingToDo();
    return accept([{ type: 'themes-recorded', at: iso(c.now), by: person(c.actor), themes }], [{ type: 'refresh-thread-card' }]);
  },
  entries: {
    'themes-recorded': (e) => `${themesText(e.themes)}.`,
  },
  history: (d) => (d.status === 'closed' ? d.themes ?? [] : []).map((t) => ({ at: t.at, who: t.by.name, what: themesText(t.themes), tried: false })),
  folds: {
    'themes-recorded': (state, e) => {
      const s = existing(state, e);
      if (s.status !== 'closed') throw new Error('Themes apply to closed disputes');
      return { ...s, themes: [...(s.themes ?? []), { by: e.by, themes: e.themes, at: e.at }] };
    },
  },
  card: card({
    schema: object({ themes: choices('Themes').pipe(z.array(z.enum(THEMES as [string, ...string[]], { error: 'Pick the themes from the list.' }))) }),
    build: (d) => ({ body: { kind: 'record-themes', themes: d.themes as Theme[] } }),
    done: 'Thank you: the themes are recorded for the partnership\'s learning.',
    probe: () => ({ kind: 'record-themes', themes: ['other'] }),
  }),
});
