import { createHash, randomUUID } from 'node:crypto';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { CardFactory, TurnContext } from 'botbuilder';
import type { PersonRef } from '../domain/dispute';
import { isIdentified } from '../domain/person';
import { samePerson } from '../domain/roles';
import { ref } from '../directory/partnership-directory';
import { EMPTY_RAISE_FORM, raisedCard, raiseFormCard, RaiseFormValues } from '../cards/views';
import { threadLink } from '../teams/outbox-sender';
import { RAISE_VERB } from './card-actions';
import { validateRaiseForm } from './raise-form';
import { asCard, messageCard, OutOfTime, personOf, STORE_BUSY, within } from './turn';
import type { Parts } from './bot-deps';

/* Raising: the form in the personal chat, and its "Raise" button. */

const RAISE_SLOW = 'The store did not answer in time, so this may not have been raised. Press again: if it was, you will see that it was raised.';

/** The id of the dispute a raise form creates: the same form pressed again names the same dispute. */
function raiseIdOf(person: PersonRef, formId: unknown): string | undefined {
  if (typeof formId !== 'string' || !/^[A-Za-z0-9-]{8,64}$/.test(formId)) return undefined;
  const hex = createHash('sha256').update(`${person.key}|${formId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Routes the raise form's button; returns how to send a fresh form. */
export function registerRaise(app: Application<TurnState>, { deps, budget, origin }: Parts): (context: TurnContext) => Promise<void> {
  const { service, directory, log } = deps;
  const raiseForm = (person: PersonRef, values: RaiseFormValues, errors: string[], formId: string) => {
    const known = directory.entryOf(person);
    return raiseFormCard({
      protocol: deps.protocol.definition,
      people: directory.people().filter((p) => !samePerson(p, person)).map((p) => ({ id: p.id, name: p.name, agency: p.agency })),
      agencies: directory.agencies(),
      indicators: deps.indicators,
      emergencyContact: deps.emergencyContact,
      peoplePicker: deps.peoplePicker,
      values: { ...values, raiserAgency: known?.agency ?? values.raiserAgency },
      errors,
      knownAgency: known?.agency ?? '',
      formId,
    });
  };

  app.adaptiveCards.actionExecute<Record<string, unknown>>(RAISE_VERB, async (context, _state, data) => {
    const person = personOf(context);
    if (!isIdentified(person)) return messageCard('Teams did not tell me who you are, so nothing can be raised from here. Please raise it from Microsoft Teams, signed in with your work account.');
    const known = directory.entryOf(person);
    const formId = typeof data?.formId === 'string' ? data.formId : randomUUID();
    const checked = validateRaiseForm(data ?? {}, {
      protocol: deps.protocol.definition,
      agencies: directory.agencies(),
      indicators: deps.indicators,
      isRaiser: (id) => {
        const chosen = directory.find(id);
        return chosen !== undefined && samePerson(chosen, person);
      },
      ...(known ? { raiserAgency: known.agency } : {}),
      agencyOf: (id) => directory.find(id)?.agency,
    });
    if (!checked.ok) return asCard(raiseForm(person, checked.values, checked.errors, formId));
    const other = directory.find(checked.form.respondentId)!;
    const respondent: PersonRef = ref(other);
    try {
      const result = await within(service.raise(checked.form, known ? { ...person, name: known.name } : person, respondent, origin(context), raiseIdOf(person, data?.formId)), budget);
      if (!result.ok) return asCard(raiseForm(person, checked.values, [result.refusal.message], formId));
      return asCard(raisedCard(result.doc.state, threadLink(result.doc.thread, deps.teamId), deps.emergencyContact));
    } catch (error) {
      log.warn({ err: { message: (error as Error).message } }, 'raise not saved');
      const message = error instanceof OutOfTime ? RAISE_SLOW : STORE_BUSY;
      return asCard(raiseForm(person, checked.values, [`${message} Your answers are kept below.`], formId));
    }
  });

  return async (context) => {
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(raiseForm(personOf(context), EMPTY_RAISE_FORM, [], randomUUID()))] });
  };
}
