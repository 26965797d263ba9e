import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { PersonRef } from '../domain/dispute';
import { CardFactory } from 'botbuilder';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Directory } from '../directory/partnership-directory';
import type { Logger } from '../logger';
import { renderCard } from '../cards/render';
import { formatDay } from '../domain/narrative';
import { Absence, absenceId, AbsenceStore } from '../store/absence-store';
import { coverRules } from '../app/cover-rules';
import { ref } from '../directory/partnership-directory';
import { bare } from '../domain/person';
import { asCard, OutOfTime, personOf, STORE_BUSY, within } from './turn';
import { chatCommand, SendPrivately } from './chat-command';

export const AWAY_VERBS = { save: 'away.submit', end: 'away.end' } as const;

export interface AwayDeps {
  directory: Directory;
  absences: AbsenceStore;
  clock: () => Date;
  log: Logger;
  /** How long a press may wait for the store before it is answered anyway. */
  budgetMs: number;
  /** The protocol's management chain, lowest rung first: who may cover for whom. */
  chain: string[];
  /** Sends to the person's own chat when they asked in a shared one. */
  sendPrivately: SendPrivately;
}

const ZONE = 'Europe/London';
const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
/** "Mon 7 Dec 2026". */
const dayText = (d: DateTime) => formatDay(d.setZone(ZONE).toISODate()!);
const AWAY_SLOW = 'The store did not answer in time, so this may not have been saved. Please press again.';

const AWAY = z.object({
  awayFrom: z.string({ error: 'Enter the first day away.' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Enter the first day away as a date.' }),
  awayUntil: z.string({ error: 'Enter the last day away.' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Enter the last day away as a date.' }),
  awayCover: z.string().max(300).optional(),
});

/** The away card, with what is recorded now and the result of the last press. */
function awayCard(deps: AwayDeps, person: PersonRef, current: Absence | undefined, notice?: { text: string; good: boolean }, typed?: { from?: string; until?: string; cover?: string }) {
  const today = DateTime.fromJSDate(deps.clock(), { zone: ZONE }).toISODate()!;
  const lastDay = current ? day(current.until).minus({ days: 1 }).toISODate()! : '';
  return asCard(
    renderCard('away-form', {
      notice: notice?.text ?? '',
      noticeStyle: notice?.good === false ? 'attention' : 'good',
      currentText: current ? `Recorded: away from ${dayText(day(current.from))} to ${dayText(day(current.until).minus({ days: 1 }))}${current.cover ? `; ${current.cover.name} covers` : ''}.` : '',
      from: typed?.from ?? (current ? day(current.from).toISODate()! : today),
      until: typed?.until ?? (lastDay || today),
      cover: typed?.cover ?? (current?.cover ? deps.directory.entryOf(current.cover)?.id : undefined) ?? '',
      hasCurrent: Boolean(current),
      // Only those who may cover: a manager of the same agency at the person's rung or above.
      people: coverRules(deps.directory, deps.chain, person).eligible().map((p) => ({ id: p.id, name: `${p.name}${p.title ? `, ${p.title}` : ''}` })),
    }),
  );
}

/**
 * "away" in the personal chat: a manager records the days they are away and who covers. New
 * escalations that would reach them go to the cover instead, with the reason on the card.
 * "back" (or "I'm back" on the card) ends it.
 */
export function registerAway(app: Application<TurnState>, deps: AwayDeps): void {
  chatCommand(app, /^\s*(away|i'?m away|i am away|out of office|on leave)\s*[.!]?\s*$/i, deps.sendPrivately, async (context, reply) => {
    const person = personOf(context);
    await reply.personal({ attachments: [CardFactory.adaptiveCard(awayCard(deps, person, await deps.absences.mine(person, deps.clock())))] });
  });

  chatCommand(app, /^\s*(back|i'?m back|i am back)\s*[.!]?\s*$/i, deps.sendPrivately, async (context, reply) => {
    await deps.absences.end(personOf(context));
    await reply.personal('Welcome back: new escalations come to you again.');
  });

  /** Every press is answered: when the store fails or is slow, with the card and what was typed. */
  const answered = (work: (person: PersonRef) => Promise<AdaptiveCard>, typed: (data: Record<string, unknown>) => { from?: string; until?: string; cover?: string }) =>
    async (context: TurnContext, _state: unknown, data: Record<string, unknown>) => {
      const person = personOf(context);
      try {
        return await within(work(person), deps.budgetMs);
      } catch (error) {
        deps.log.warn({ err: { message: (error as Error).message } }, 'absence not saved');
        const text = error instanceof OutOfTime ? AWAY_SLOW : STORE_BUSY;
        return awayCard(deps, person, undefined, { text, good: false }, typed(data ?? {}));
      }
    };
  const typedOf = (data: Record<string, unknown>) => ({
    ...(typeof data.awayFrom === 'string' ? { from: data.awayFrom } : {}),
    ...(typeof data.awayUntil === 'string' ? { until: data.awayUntil } : {}),
    ...(typeof data.awayCover === 'string' ? { cover: data.awayCover } : {}),
  });

  app.adaptiveCards.actionExecute<Record<string, unknown>>(AWAY_VERBS.save, async (context, state, data) => answered(async (person) => {
    const now = deps.clock();
    const current = await deps.absences.mine(person, now);
    const refuse = (text: string, typed?: { from?: string; until?: string; cover?: string }) => awayCard(deps, person, current, { text: `${text} Nothing was saved.`, good: false }, typed);
    const rules = coverRules(deps.directory, deps.chain, person);
    if (rules.refusal) return refuse(rules.refusal);
    const parsed = AWAY.safeParse(data);
    if (!parsed.success) return refuse(parsed.error.issues[0]?.message ?? 'Check the dates and who covers.');
    const { awayFrom, awayUntil, awayCover } = parsed.data;
    const typed = { from: awayFrom, until: awayUntil, ...(awayCover ? { cover: awayCover } : {}) };
    const from = day(awayFrom);
    const until = day(awayUntil);
    const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day');
    if (!from.isValid || !until.isValid) return refuse('Enter real dates.', typed);
    if (until < from) return refuse('The last day away is before the first.', typed);
    if (until < today) return refuse('That absence is already over.', typed);
    if (until.diff(from, 'days').days > 366) return refuse('Record an absence of a year at most.', typed);
    // Where nobody may cover, the absence is recorded without: the next tier is brought in instead.
    const nobodyMay = rules.eligible().length === 0;
    const cover = awayCover ? deps.directory.find(awayCover) : undefined;
    const wrongCover = nobodyMay ? undefined : rules.check(cover);
    if (wrongCover) return refuse(wrongCover, typed);
    const absence: Absence = {
      id: absenceId(person),
      type: 'absence',
      person: bare(person),
      from: from.startOf('day').toUTC().toISO()!,
      until: until.plus({ days: 1 }).startOf('day').toUTC().toISO()!,
      lastDay: until.toISODate()!,
      ...(cover && !nobodyMay ? { cover: ref(cover) } : {}),
      recordedAt: now.toISOString(),
    };
    await deps.absences.record(absence);
    deps.log.info({ event: 'absence-recorded' }, 'absence recorded');
    const who = absence.cover ? `${absence.cover.name} covers` : 'the next tier of your chain is brought in instead';
    return awayCard(deps, person, absence, { text: `Saved: you are away from ${dayText(from)} to ${dayText(until)}; ${who}.`, good: true });
  }, typedOf)(context, state, data));

  app.adaptiveCards.actionExecute<Record<string, unknown>>(AWAY_VERBS.end, async (context, state, data) => answered(async (person) => {
    await deps.absences.end(person);
    return awayCard(deps, person, undefined, { text: 'Welcome back: new escalations come to you again.', good: true });
  }, () => ({}))(context, state, data));
}
