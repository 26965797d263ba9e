import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import type { PersonRef } from '../domain/dispute';
import { rungsUsed } from '../domain/protocol';
import { entitledViewers, includes, isSecretariat, parties, samePerson } from '../domain/roles';
import { ref } from '../directory/partnership-directory';
import type { ActResult } from '../app/dispute-service';
import type { DisputeDocument } from '../store/dispute-document';
import { disputeViewCard, secretariatViewCard, threadCard } from '../cards/views';
import { NewerSchemaError } from '../store/schema';
import { NotConfirmed, requestsSent } from '../store/dispute-repository';
import { verbOf } from '../commands';
import { COMMANDS, commandId, disputeIdOf, parsePress, REFRESH, REFRESH_VERB, SUGGEST_TIMES, SUGGEST_TIMES_VERB } from './card-actions';
import { allowedActions } from '../cards/allowed-actions';
import type { DisputeViewOptions } from '../cards/views';
import { meetingMinutes, nextMeeting } from '../commands/meeting-time';
import { MEETING_MINUTES, standingMeetings } from '../domain/dispute';
import { invitees } from '../domain/permissions';
import { suggestMeetingTimes, suggestionText } from '../app/meeting-times';
import { writeAhead } from '../answer-json';
import { asCard, messageCard, OutOfTime, personOf, STORE_BUSY, within } from './turn';
import type { Parts } from './bot-deps';

/* A dispute's card: each person's own view, its Refresh, and one route per command a card carries. */

/** A dispute written by a later version of the bot, after a roll-back: nothing is changed. */
const NEWER_VERSION = 'This dispute was saved by a newer version of this bot than the one now running, so nothing was changed. Please tell the partnership\'s Teams administrator (the log says what to do).';
const STORE_SLOW = 'The store did not answer in time, so this may not have been saved. Press again: if it was saved, you will see "Already done".';
const NOT_FOUND = 'This dispute could not be found. It may have been removed after its retention period.';

export function registerDisputeCards(app: Application<TurnState>, { deps, budget }: Parts): void {
  const { service, directory, log } = deps;

  /** A person's view of a dispute; after a refused press, with what they typed kept in its inputs. */
  const view = (doc: DisputeDocument, person: PersonRef, notice?: { text: string; good: boolean }, typed?: Record<string, unknown>, slots?: DisputeViewOptions['slots']) => {
    const actor = service.actorIn(doc.state, person);
    if (!service.canSeeDetails(doc, person)) {
      if (isSecretariat(doc.state, person)) return asCard(secretariatViewCard(doc.state, actor, { now: deps.clock(), ctx: deps.ctx, rev: doc.sealed.seq, ...(notice ? { notice } : {}) }));
      // The public card, without `refresh`, so it is answered to this person only (see disputeViewCard).
      const { refresh: _refresh, ...publicCard } = threadCard(doc.state, notice?.text ?? '');
      return asCard(publicCard);
    }
    const lead = directory.safeguardingLead(doc.state.sides.raiser.agency);
    const advice = lead && !samePerson(lead, doc.state.sides.raiser.professional) ? { name: lead.name, role: 'safeguarding lead' } : undefined;
    const side = actor.role.kind === 'party' ? doc.state.sides[actor.role.side] : undefined;
    const managerChoices = side
      ? directory.people().filter((p) => p.agency === side.agency && directory.managerLevels(p, rungsUsed(doc.state.protocol)).length > 0 && !includes(parties(doc.state), p))
      : [];
    return asCard(
      disputeViewCard(doc.state, actor, {
        now: deps.clock(),
        ctx: deps.ctx,
        emergencyContact: deps.emergencyContact,
        indicators: deps.indicators,
        managerChoices: managerChoices.map((p) => ({ id: p.id, name: `${p.name}${p.title ? `, ${p.title}` : ''}` })),
        rev: doc.sealed.seq,
        ...(notice ? { notice } : {}),
        ...(advice ? { advice } : {}),
        ...(typed ? { typed } : {}),
        ...(slots ? { slots } : {}),
        suggestTimes: Boolean(deps.meetings),
        ...(doc.calendar ? { joinUrls: Object.fromEntries(Object.entries(doc.calendar).flatMap(([at, e]) => (e.joinUrl ? [[at, e.joinUrl]] : []))) } : {}),
      }),
    );
  };

  const notFound = messageCard(NOT_FOUND);

  /** Load the dispute a card names, within the budget; a card that says why when it cannot. */
  async function loadFor(disputeId: string): Promise<DisputeDocument | AdaptiveCard> {
    try {
      return (await within(service.load(disputeId), budget)) ?? notFound;
    } catch (error) {
      if (error instanceof NewerSchemaError) {
        log.error({ disputeId, schema: error.schema }, 'dispute stored by a newer version of the bot');
        return messageCard(NEWER_VERSION);
      }
      log.warn({ disputeId, err: { message: (error as Error).message } }, 'dispute not loaded for a card press');
      return messageCard(error instanceof OutOfTime ? 'The store did not answer in time. Please press again in a moment.' : STORE_BUSY, disputeId);
    }
  }

  const loaded = (x: DisputeDocument | AdaptiveCard): x is DisputeDocument => 'state' in x;

  app.adaptiveCards.actionExecute<Record<string, unknown>>(REFRESH_VERB, async (context, _state, data) => {
    const press = parsePress(REFRESH, data);
    if (!press.ok) return messageCard(press.message);
    const doc = await loadFor(press.data.disputeId);
    return loaded(doc) ? view(doc, personOf(context)) : doc;
  });

  // Times for a meeting from the attendees' free/busy: answered to the person who asked, in their own view.
  app.adaptiveCards.actionExecute<Record<string, unknown>>(SUGGEST_TIMES_VERB, async (context, _state, data) => {
    const person = personOf(context);
    const press = parsePress(SUGGEST_TIMES, data);
    if (!press.ok) return messageCard(press.message);
    const doc = await loadFor(press.data.disputeId);
    if (!loaded(doc)) return doc;
    if (!service.canSeeDetails(doc, person)) return view(doc, person, { text: `You are not part of ${doc.reference}, nor one of its managers.`, good: false });
    const moving = press.data.meetingAt !== '';
    const form = moving ? 'Move the meeting' : 'Convene';
    const can = allowedActions(doc.state, service.actorIn(doc.state, person), deps.clock(), deps.ctx);
    if (!(moving ? can.moveMeeting : can.conveneMeeting)) return view(doc, person, { text: 'Only those who convene the meeting at this level may look for a time for it.', good: false });
    if (!deps.meetings) return view(doc, person, { text: 'Calendars are not read in this partnership\'s set-up: enter a date and time.', good: false }, data);
    const meeting = moving ? (standingMeetings(doc.state).find((m) => m.at === press.data.meetingAt) ?? nextMeeting(doc.state, deps.clock())) : undefined;
    const attendees = meeting ? meeting.attendees : entitledViewers(doc.state).filter((p) => press.data.meetingAttendees.includes(p.key));
    const minutes = meetingMinutes(moving ? press.data.moveMinutes : press.data.meetingMinutes) ?? MEETING_MINUTES;
    try {
      const source = { calendar: deps.meetings.calendar, emailOf: deps.meetings.emailOf, tenantId: directory.tenantId(), working: deps.ctx.calendar };
      const suggestion = await within(suggestMeetingTimes(source, doc.state, attendees.length ? attendees : invitees(doc.state), minutes, deps.clock()), budget);
      return view(doc, person, { text: suggestionText(suggestion, form), good: suggestion.times.length > 0 }, data, { for: moving ? 'move' : 'convene', times: suggestion.times });
    } catch (error) {
      log.warn({ disputeId: doc.id, status: (error as { statusCode?: number }).statusCode, err: { message: (error as Error).message } }, 'free/busy not read');
      return view(doc, person, { text: 'The calendars could not be read just now: enter a date and time, or press Suggest times again in a moment.', good: false }, data);
    }
  });

  for (const [kind, action] of Object.entries(COMMANDS)) {
    const verb = verbOf(kind);
    app.adaptiveCards.actionExecute<Record<string, unknown>>(verb, async (context, _state, data) => {
      const person = personOf(context);
      const press = parsePress(action.schema, data);
      const disputeId = disputeIdOf(data);
      if (!disputeId) return messageCard(press.ok ? NOT_FOUND : press.message);

      /**
       * The answer to the press on `doc`. `confirming`: `doc` is the dispute as this instance
       * holds it, and this the read asking the store whether it is current; the press is decided
       * on it meanwhile, and nothing is written or answered unless the read confirms it
       * (undefined otherwise: decided again on what was read).
       */
      const pressOn = async (doc: DisputeDocument, confirming?: Promise<unknown>): Promise<AdaptiveCard | undefined> => {
        const answer = (card: () => AdaptiveCard) => (confirming ? undefined : card());
        // Some commands are on the secretariat's own view, which shows nothing about the child (legal holds).
        const bySecretariat = action.secretariatView === true && isSecretariat(doc.state, person);
        if (!service.canSeeDetails(doc, person) && !bySecretariat) {
          return answer(() => {
            log.info({ disputeId: doc.id, verb }, 'card press refused: not part of the dispute');
            return view(doc, person, { text: `You are not part of ${doc.reference}, nor one of its managers: nothing was changed.`, good: false });
          });
        }
        if (!press.ok) return answer(() => view(doc, person, { text: `${press.message} Nothing was saved.`, good: false }, data));
        const inDispute = entitledViewers(doc.state);
        const built = action.build(press.data, {
          actorId: person.key,
          inDispute,
          manager: (id) => {
            const p = directory.find(id);
            return p ? { ...ref(p), agency: p.agency, rungs: directory.managerLevels(p, rungsUsed(doc.state.protocol)) } : undefined;
          },
        });
        if ('error' in built) return answer(() => view(doc, person, { text: `${built.error} Nothing was saved.`, good: false }, data));
        let result: ActResult;
        // The answer to a change is drawn while the store writes it, and sent only if that very change was written.
        let drawn: { state: unknown; card: AdaptiveCard } | undefined;
        const whileSaving = (next: DisputeDocument) => (drawn = { state: next.state, card: writeAhead(view(next, person, { text: action.done, good: true })) });
        try {
          result = await within(service.act(doc.id, person, built.body, { commandId: commandId(verb, person.key, press.data), read: doc, ...(confirming ? { confirming } : {}), whileSaving }), budget);
        } catch (error) {
          if (error instanceof NotConfirmed) return undefined;
          log.warn({ disputeId: doc.id, verb, err: { message: (error as Error).message } }, 'card press not saved');
          return view(doc, person, { text: error instanceof OutOfTime ? STORE_SLOW : STORE_BUSY, good: false }, data);
        }
        if (!result.ok) return view(result.doc ?? doc, person, { text: `${result.refusal.message} Nothing was changed.`, good: false }, data);
        if (result.changed && drawn?.state === result.doc.state) return drawn.card;
        return view(result.doc, person, { text: result.changed ? action.done : 'Already done: nothing more to change. This is how it stands now.', good: true });
      };

      const held = service.held(disputeId);
      const reading = loadFor(disputeId);
      if (held) {
        await requestsSent(); // decided while the store answers the read, not before it is asked
        const early = await pressOn(held, reading);
        if (early) return early;
      }
      const doc = await reading;
      return loaded(doc) ? (await pressOn(doc))! : doc;
    });
  }

}
