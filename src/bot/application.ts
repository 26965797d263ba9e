import { createHash, randomUUID } from 'node:crypto';
import { Application, AdaptiveCard, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { Activity, ActivityTypes, CardFactory, INVOKE_RESPONSE_KEY, TurnContext } from 'botbuilder';
import type { DecideContext } from '../domain/decider/context';
import type { PersonRef } from '../domain/dispute';
import { rungKeys, rungsUsed } from '../domain/protocol';
import { entitledViewers, includes, isSecretariat, parties, samePerson } from '../domain/roles';
import { isIdentified } from '../domain/person';
import type { AddressBook } from '../teams/address-book';
import { rememberSender, resolveSender } from './identity';
import { ProtocolChoice, resolveRoute } from '../protocols/protocol-file';
import { Directory, ref } from '../directory/partnership-directory';
import type { Logger } from '../logger';
import type { ActResult, DisputeService } from '../app/dispute-service';
import type { DisputeDocument } from '../store/dispute-document';
import { disputeViewCard, secretariatViewCard, EMPTY_RAISE_FORM, raisedCard, raiseFormCard, RaiseFormValues, statusCard, threadCard } from '../cards/views';
import { threadLink } from '../teams/outbox-sender';
import type { Origin } from '../teams/teams-gateway';
import { COMMANDS, commandId, disputeIdOf, parsePress, RAISE_VERB, REFRESH, REFRESH_VERB } from './card-actions';
import { verbOf } from '../commands';
import { validateRaiseForm } from './raise-form';
import { renderDocument } from '../documents/dispute-documents';
import { consentCard, DocumentKind, fileInfoCard, FileRequest, uploadFile } from '../documents/file-delivery';
import { PartnershipPicture, returnFile } from '../analytics/picture';
import { mayViewPicture } from '../analytics/audience';
import { parsePeriod } from '../analytics/period';
import { helpText, shortHelpText } from './help';
import { intentOf } from './intents';
import { asCard, isPersonal, OutOfTime, personOf, STORE_BUSY, within } from './turn';
import { registerAway } from './away';
import { DEFAULT_RETRY, RetryOptions, withRetry } from '../teams/retry';
import { NewerSchemaError } from '../store/schema';
import { chatCommand, privateReply, SendPrivately, unasked } from './chat-command';
import type { AbsenceStore } from '../store/absence-store';

export interface BotDeps {
  adapter: TeamsAdapter;
  botAppId: string;
  service: DisputeService;
  directory: Directory;
  protocol: ProtocolChoice;
  ctx: DecideContext;
  clock: () => Date;
  log: Logger;
  indicators: string[];
  emergencyContact: string;
  peoplePicker: 'directory' | 'graph';
  teamId: string;
  allowedTenants: string[];
  partnershipName: string;
  /** A message to a person's own chat with the bot (for what must not be shown in a channel). */
  messagePerson(origin: Origin, person: PersonRef, activity: Partial<Activity>): Promise<void>;
  /** How long a card press may take before it is answered anyway (Teams waits about 5 s for an invoke). */
  pressBudgetMs?: number;
  /** Absences people record with "away". */
  absences: AbsenceStore;
  /** How to reach people, learned from every activity. */
  addresses: AddressBook;
  /** How the bot's own replies are retried when Teams throttles them (as every other Teams call). */
  retry?: RetryOptions;
}


const tenantOf = (context: TurnContext): string =>
  context.activity.conversation?.tenantId ?? (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? '';

/**
 * Learn how to reach the sender, and anyone an installation or a membership change names: their
 * `29:` id, the service URL and, in a personal chat, the chat itself. After the turn, never in its way.
 */
function learnAddresses(context: TurnContext, sender: PersonRef, deps: Pick<BotDeps, 'addresses' | 'directory'>): void {
  const activity = context.activity;
  const personal = isPersonal(context) ? activity.conversation.id : undefined;
  const seen = (teamsId: string | undefined) => ({ teamsId: teamsId ?? '', serviceUrl: activity.serviceUrl ?? '', ...(personal ? { personalConversationId: personal } : {}) });
  void deps.addresses.learn(sender, seen(activity.from?.id));
  for (const member of activity.membersAdded ?? []) {
    if (member.id === activity.recipient?.id || !member.aadObjectId) continue;
    void deps.addresses.learn(resolveSender({ ...activity, from: member }, deps.directory), seen(member.id));
  }
}



/** A small card with one line and a way back to the person's view. */
function messageCard(text: string, disputeId?: string): AdaptiveCard {
  return asCard({
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text, wrap: true, weight: 'Bolder' }],
    ...(disputeId ? { actions: [{ type: 'Action.Execute', title: 'Refresh', verb: REFRESH_VERB, data: { disputeId } }] } : {}),
  });
}

/** A dispute written by a later version of the bot, after a roll-back: nothing is changed. */
const NEWER_VERSION = 'This dispute was saved by a newer version of this bot than the one now running, so nothing was changed. Please tell the partnership\'s Teams administrator (the log says what to do).';
const STORE_SLOW = 'The store did not answer in time, so this may not have been saved. Press again: if it was saved, you will see "Already done".';
const RAISE_SLOW = 'The store did not answer in time, so this may not have been raised. Press again: if it was, you will see that it was raised.';

/** The id of the dispute a raise form creates: the same form pressed again names the same dispute. */
function raiseIdOf(person: PersonRef, formId: unknown): string | undefined {
  if (typeof formId !== 'string' || !/^[A-Za-z0-9-]{8,64}$/.test(formId)) return undefined;
  const hex = createHash('sha256').update(`${person.key}|${formId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The bot's routes: one handler per command and per card verb, and an answer for everything else. */
export function createApplication(deps: BotDeps): Application<TurnState> {
  const { service, directory, log } = deps;
  const budget = deps.pressBudgetMs ?? 4000;
  const app = new Application<TurnState>({ adapter: deps.adapter, botAppId: deps.botAppId, removeRecipientMention: true, startTypingTimer: false });

  app.turn('beforeTurn', async (context) => {
    // A reply Teams answers 429 (or 502-504) is sent again after its Retry-After, like every
    // other call to Teams: a reply that failed was not posted, so sending it again repeats nothing.
    context.onSendActivities((_context, _activities, next) => withRetry(() => next(), deps.retry ?? DEFAULT_RETRY));
    if (deps.allowedTenants.length === 0 || deps.allowedTenants.includes(tenantOf(context))) {
      learnAddresses(context, rememberSender(context, directory), deps);
      return true;
    }
    log.warn({ activityType: context.activity.type }, 'request from a tenant outside the allow-list refused');
    if (context.activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({ type: 'invokeResponse', value: { status: 403, body: { error: 'This bot serves only the partnership\'s organisations.' } } });
    } else if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity(`This bot serves only the organisations of ${deps.partnershipName}.`);
    }
    return false;
  });

  // A failure anywhere in a turn is still answered: a card press with a card, a message with words.
  app.error(async (context, error) => {
    log.error({ err: { message: error.message, name: error.name }, activityType: context.activity.type }, 'turn failed');
    try {
      if (context.activity.type === ActivityTypes.Invoke && !context.turnState.get(INVOKE_RESPONSE_KEY)) {
        const value = context.activity.name === 'adaptiveCard/action'
          ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: messageCard('Something went wrong and nothing was saved. Please press again in a moment.') }
          : {};
        await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: value } });
      } else if (context.activity.type === ActivityTypes.Message) {
        await context.sendActivity('Something went wrong and nothing was saved. Please try again.');
      }
    } catch (answerError) {
      log.error({ err: { message: (answerError as Error).message } }, 'could not answer a failed turn');
    }
  });

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

  /** Where the dispute's messages go through: the service URL Teams gave, and the partnership's tenant, where its channel is. */
  const origin = (context: TurnContext): Origin => ({ serviceUrl: context.activity.serviceUrl, tenantId: directory.tenantId() });
  const standard = resolveRoute(deps.protocol.definition, 'standard', deps.protocol.settings);
  const help = () => ({ text: helpText(standard, deps.emergencyContact), textFormat: 'markdown' as const });

  async function sendRaiseForm(context: TurnContext): Promise<void> {
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(raiseForm(personOf(context), EMPTY_RAISE_FORM, [], randomUUID()))] });
  }

  async function sendStatus(context: TurnContext): Promise<void> {
    const person = personOf(context);
    const docs = await service.mine(person);
    const entries = docs.map((doc) => ({ dispute: doc.state, viewer: service.actorIn(doc.state, person), threadUrl: threadLink(doc.thread, deps.teamId) }));
    // Which disputes someone is in is theirs alone: never listed where a shared chat can read it.
    const { reply, finish } = privateReply(context, sendPrivately, 'I have sent your open disagreements to our personal chat.');
    await reply.personal({ attachments: [CardFactory.adaptiveCard(statusCard(entries))] });
    await finish();
  }

  /** A shared chat's command answered in the person's own chat. */
  const sendPrivately: SendPrivately = (context, activity) => deps.messagePerson(origin(context), personOf(context), activity);

  registerAway(app, { directory, absences: deps.absences, clock: deps.clock, log, budgetMs: deps.pressBudgetMs ?? 4000, chain: rungKeys(deps.protocol.definition), sendPrivately });

  chatCommand(app, /^\s*verify\s+[A-Z]{2,6}-\d{4}-\d{4}\s*$/i, sendPrivately, async (context, reply) => {
    const reference = (context.activity.text ?? '').trim().split(/\s+/)[1]!.toUpperCase();
    await reply.personal(await service.verify(reference, personOf(context)));
  });

  chatCommand(app, /^\s*export\s+[A-Z]{2,6}-\d{4}-\d{4}\s*$/i, sendPrivately, async (context, reply) => {
    const reference = (context.activity.text ?? '').trim().split(/\s+/)[1]!.toUpperCase();
    const doc = await service.findEntitled(reference, personOf(context));
    if (!doc) {
      await reply.personal(`There is no dispute ${reference} that you are a party to, or a manager or the secretariat for.`);
      return;
    }
    const history = await service.history(doc.id);
    for (const kind of ['record-docx', 'record-json'] as const) {
      const file = await renderDocument(doc, history, kind, deps.partnershipName, undefined, deps.clock());
      await reply.personal({ attachments: [consentCard(file.name, file.description, file.bytes.length, { disputeId: doc.id, document: kind })] });
    }
    log.info({ disputeId: doc.id, reference }, 'export offered');
  });

  /** The secretariat and the board members the directory names may have the partnership's picture. */
  const mayHavePicture = (person: PersonRef) => mayViewPicture(directory, person);
  const pictureFile = (picture: PartnershipPicture, label: string, format: 'csv' | 'xlsx') => returnFile(picture, label, format, deps.partnershipName);

  chatCommand(app, /^\s*picture\b[\s\S]*$/i, sendPrivately, async (context, reply) => {
    const person = personOf(context);
    if (!mayHavePicture(person)) {
      await reply.personal('The partnership\'s picture of its disagreements is for the secretariat and the board members named in the partnership directory.');
      return;
    }
    const period = parsePeriod((context.activity.text ?? '').trim().replace(/^picture/i, ''), deps.clock());
    if ('error' in period) {
      await reply.personal(period.error);
      return;
    }
    // One read of the period's summaries for both offers.
    const picture = await service.picture(period.from, period.to);
    for (const format of ['xlsx', 'csv'] as const) {
      const file = await pictureFile(picture, period.label, format);
      const request: FileRequest = { document: 'picture', format, from: period.from.toISOString(), to: period.to.toISOString() };
      await reply.personal({ attachments: [consentCard(file.name, `The anonymised return of the professional disagreements raised in ${period.label} (${format === 'xlsx' ? 'Excel' : 'CSV'}): counts only, under 5 shown as "fewer than 5".`, file.bytes.length, request)] });
    }
    log.info({ event: 'picture-offered', period: period.label }, 'picture offered');
  });

  /** Upload an accepted file to the person's OneDrive and show it; on failure, say how to ask again. */
  async function deliverFile(context: TurnContext, uploadInfo: Parameters<typeof fileInfoCard>[0] & { uploadUrl: string }, bytes: Buffer, askAgain: string, where: Record<string, unknown>): Promise<void> {
    try {
      await uploadFile(uploadInfo.uploadUrl, bytes);
    } catch (error) {
      log.warn({ ...where, err: { message: (error as Error).message } }, 'file upload failed');
      await context.sendActivity(`The file could not be saved to your OneDrive. Please try again: type ${askAgain}.`);
      return;
    }
    await context.sendActivity({ attachments: [fileInfoCard(uploadInfo)] });
    log.info(where, 'file delivered');
  }

  app.fileConsentAccept(async (context, _state, response) => {
    const request = response?.context as FileRequest | undefined;
    const uploadInfo = response?.uploadInfo?.uploadUrl ? { ...response.uploadInfo, uploadUrl: response.uploadInfo.uploadUrl } : undefined;
    if (request?.document === 'picture') {
      const from = new Date(request.from);
      const to = new Date(request.to);
      if (!mayHavePicture(personOf(context)) || !uploadInfo || Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
        await context.sendActivity('That file is not available to you.');
        return;
      }
      const file = await pictureFile(await service.picture(from, to), '', request.format === 'xlsx' ? 'xlsx' : 'csv');
      await deliverFile(context, uploadInfo, file.bytes, 'picture', { event: 'picture-delivered' });
      return;
    }
    const doc = request && 'disputeId' in request && typeof request.disputeId === 'string' ? await service.load(request.disputeId) : undefined;
    if (!doc || !request || !service.canSeeDetails(doc, personOf(context)) || !uploadInfo) {
      await context.sendActivity('That file is not available to you.');
      return;
    }
    const asOf = 'asOf' in request && typeof request.asOf === 'number' ? request.asOf : undefined;
    const file = await renderDocument(doc, await service.history(doc.id), request.document as DocumentKind, deps.partnershipName, asOf, deps.clock());
    await deliverFile(context, uploadInfo, file.bytes, `export ${doc.reference}`, { disputeId: doc.id, reference: doc.reference, document: request.document });
  });

  app.fileConsentDecline(async (context, _state, response) => {
    const request = response?.context as FileRequest | undefined;
    const doc = request && 'disputeId' in request && typeof request.disputeId === 'string' ? await service.load(request.disputeId) : undefined;
    await context.sendActivity(doc ? `No file was sent. Type export ${doc.reference} if you want it later.` : 'No file was sent.');
  });

  app.conversationUpdate('membersAdded', async (context) => {
    const botJoined = context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id);
    if (botJoined && isPersonal(context)) await context.sendActivity(help());
  });

  // Anything typed: the usual ways of asking to raise, for status or for help; otherwise a short help.
  app.activity(ActivityTypes.Message, async (context) => {
    if (unasked(context)) return;
    const intent = intentOf(context.activity.text ?? '');
    if (intent === 'raise') {
      if (isPersonal(context)) return sendRaiseForm(context);
      await context.sendActivity('Please raise a disagreement in your personal chat with me, so that nothing about a child is typed where others can read it. Open a chat with me and type raise.');
      return;
    }
    if (intent === 'status') return sendStatus(context);
    if (intent === 'help') {
      await context.sendActivity(help());
      return;
    }
    await context.sendActivity({ text: shortHelpText(deps.emergencyContact), textFormat: 'markdown' });
  });

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

  /** A person's view of a dispute; after a refused press, with what they typed kept in its inputs. */
  const view = (doc: DisputeDocument, person: PersonRef, notice?: { text: string; good: boolean }, typed?: Record<string, unknown>) => {
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
      }),
    );
  };

  const NOT_FOUND = 'This dispute could not be found. It may have been removed after its retention period.';
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

  for (const [kind, action] of Object.entries(COMMANDS)) {
    const verb = verbOf(kind);
    app.adaptiveCards.actionExecute<Record<string, unknown>>(verb, async (context, _state, data) => {
      const person = personOf(context);
      const press = parsePress(action.schema, data);
      const disputeId = disputeIdOf(data);
      const doc = disputeId ? await loadFor(disputeId) : undefined;
      if (!doc) return messageCard(press.ok ? NOT_FOUND : press.message);
      if (!loaded(doc)) return doc;
      // Some commands are on the secretariat's own view, which shows nothing about the child (legal holds).
      const bySecretariat = action.secretariatView === true && isSecretariat(doc.state, person);
      if (!service.canSeeDetails(doc, person) && !bySecretariat) {
        log.info({ disputeId: doc.id, verb }, 'card press refused: not part of the dispute');
        return view(doc, person, { text: `You are not part of ${doc.reference}, nor one of its managers: nothing was changed.`, good: false });
      }
      if (!press.ok) return view(doc, person, { text: `${press.message} Nothing was saved.`, good: false }, data);
      const inDispute = entitledViewers(doc.state);
      const built = action.build(press.data, {
        actorId: person.key,
        inDispute,
        manager: (id) => {
          const p = directory.find(id);
          return p ? { ...ref(p), agency: p.agency, rungs: directory.managerLevels(p, rungsUsed(doc.state.protocol)) } : undefined;
        },
      });
      if ('error' in built) return view(doc, person, { text: `${built.error} Nothing was saved.`, good: false }, data);
      let result: ActResult;
      try {
        result = await within(service.act(doc.id, person, built.body, commandId(verb, person.key, press.data), doc), budget);
      } catch (error) {
        log.warn({ disputeId: doc.id, verb, err: { message: (error as Error).message } }, 'card press not saved');
        return view(doc, person, { text: error instanceof OutOfTime ? STORE_SLOW : STORE_BUSY, good: false }, data);
      }
      if (!result.ok) return view(result.doc ?? doc, person, { text: `${result.refusal.message} Nothing was changed.`, good: false }, data);
      return view(result.doc, person, { text: result.changed ? action.done : 'Already done: nothing more to change. This is how it stands now.', good: true });
    });
  }

  // Last: a press of a button this bot does not (or no longer) have, and any other invoke.
  app.adaptiveCards.actionExecute(async (context) => context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action', async (_context, _state, data) =>
    messageCard('This button is from an older card and no longer does anything. Press Refresh to get the current card.', disputeIdOf(data)),
  );
  app.addRoute(
    async (context) => context.activity.type === ActivityTypes.Invoke,
    async (context) => {
      await context.sendActivity({ type: 'invokeResponse', value: { status: 400, body: { error: `This bot does not handle "${String(context.activity.name ?? '').slice(0, 60)}".` } } });
    },
    true,
  );

  return app;
}
