import { Application, AdaptiveCard, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { CardFactory, TurnContext } from 'botbuilder';
import type { DecideContext } from '../domain/decide';
import type { PersonRef } from '../domain/dispute';
import type { ProtocolDefinition, ProtocolSnapshot } from '../domain/protocol';
import { Directory, ref } from '../directory/partnership-directory';
import type { Logger } from '../logger';
import type { DisputeService } from '../app/dispute-service';
import type { DisputeDocument } from '../store/dispute-document';
import { disputeViewCard, EMPTY_RAISE_FORM, raisedCard, raiseFormCard, RaiseFormValues, statusCard, threadCard } from '../cards/views';
import { threadLink } from '../teams/outbox-sender';
import { CARD_ACTIONS, CardData, tooLong } from './card-actions';
import { validateRaiseForm } from './raise-form';
import { renderDocument } from '../documents/dispute-documents';
import { consentCard, fileInfoCard, FileRequest, uploadFile } from '../documents/file-delivery';
import { helpText } from './help';

export interface BotDeps {
  adapter: TeamsAdapter;
  botAppId: string;
  service: DisputeService;
  directory: Directory;
  protocol: ProtocolDefinition;
  snapshot: ProtocolSnapshot;
  ctx: DecideContext;
  clock: () => Date;
  log: Logger;
  indicators: string[];
  emergencyContact: string;
  peoplePicker: 'directory' | 'graph';
  teamId: string;
  allowedTenants: string[];
  partnershipName: string;
}

const personOf = (context: TurnContext): PersonRef => {
  const from = context.activity.from;
  return from.aadObjectId ? { id: from.id, name: from.name ?? 'Unknown', aadObjectId: from.aadObjectId } : { id: from.id, name: from.name ?? 'Unknown' };
};

const tenantOf = (context: TurnContext): string =>
  context.activity.conversation?.tenantId ?? (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? '';

const asCard = (card: object) => card as AdaptiveCard;

/** The bot's routes: one handler per command and per card verb. */
export function createApplication(deps: BotDeps): Application<TurnState> {
  const { service, directory, log } = deps;
  const app = new Application<TurnState>({ adapter: deps.adapter, botAppId: deps.botAppId, removeRecipientMention: true, startTypingTimer: false });

  app.turn('beforeTurn', async (context) => {
    if (deps.allowedTenants.length === 0 || deps.allowedTenants.includes(tenantOf(context))) return true;
    log.warn({ activityType: context.activity.type }, 'request from a tenant outside the allow-list refused');
    return false;
  });

  app.error(async (context, error) => {
    log.error({ err: { message: error.message, name: error.name }, activityType: context.activity.type }, 'turn failed');
    if (context.activity.type === 'message') await context.sendActivity('Something went wrong and nothing was saved. Please try again.');
  });

  const raiseForm = (person: PersonRef, values: RaiseFormValues, errors: string[]) =>
    raiseFormCard({
      protocol: deps.protocol,
      people: directory.people().filter((p) => p.id !== person.id && p.aadObjectId !== person.aadObjectId).map((p) => ({ id: p.id, name: p.name, agency: p.agency })),
      agencies: directory.agencies(),
      indicators: deps.indicators,
      emergencyContact: deps.emergencyContact,
      peoplePicker: deps.peoplePicker,
      values: { ...values, raiserAgency: values.raiserAgency || (directory.find(person.id)?.agency ?? '') },
      errors,
    });

  app.message(/^\s*raise\s*$/i, async (context) => {
    if (context.activity.conversation.conversationType !== 'personal') {
      await context.sendActivity('Please raise a disagreement in your personal chat with me, so that nothing about a child is typed where others can read it.');
      return;
    }
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(raiseForm(personOf(context), EMPTY_RAISE_FORM, []))] });
  });

  app.message(/^\s*status\s*$/i, async (context) => {
    const person = personOf(context);
    const docs = await service.mine(person);
    const entries = docs.map((doc) => ({ dispute: doc.state, viewer: service.actorIn(doc.state, person), threadUrl: threadLink(doc.thread, deps.teamId) }));
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(statusCard(entries))] });
  });

  app.message(/^\s*verify\s+[A-Z]{2,6}-\d{4}-\d{4}\s*$/i, async (context) => {
    const reference = (context.activity.text ?? '').trim().split(/\s+/)[1]!.toUpperCase();
    const result = await service.verify(reference, personOf(context));
    await context.sendActivity(result);
  });

  app.message(/^\s*export\s+[A-Z]{2,6}-\d{4}-\d{4}\s*$/i, async (context) => {
    if (context.activity.conversation.conversationType !== 'personal') {
      await context.sendActivity('Please ask for an export in your personal chat with me: it contains the child\'s details.');
      return;
    }
    const reference = (context.activity.text ?? '').trim().split(/\s+/)[1]!.toUpperCase();
    const doc = await service.findEntitled(reference, personOf(context));
    if (!doc) {
      await context.sendActivity(`There is no dispute ${reference} that you are a party to, or a manager or the secretariat for.`);
      return;
    }
    for (const kind of ['record-docx', 'record-json'] as const) {
      const file = await renderDocument(doc, kind, deps.partnershipName);
      await context.sendActivity({ attachments: [consentCard(file.name, file.description, file.bytes.length, { disputeId: doc.id, document: kind })] });
    }
    log.info({ disputeId: doc.id, reference }, 'export offered');
  });

  app.fileConsentAccept(async (context, _state, response) => {
    const request = response.context as FileRequest | undefined;
    const doc = request ? await service.load(request.disputeId) : undefined;
    if (!doc || !request || !service.canSeeDetails(doc, personOf(context)) || !response.uploadInfo?.uploadUrl) {
      await context.sendActivity('That file is not available to you.');
      return;
    }
    const file = await renderDocument(doc, request.document, deps.partnershipName);
    try {
      await uploadFile(response.uploadInfo.uploadUrl, file.bytes);
    } catch (error) {
      log.warn({ disputeId: doc.id, err: { message: (error as Error).message } }, 'file upload failed');
      await context.sendActivity(`The file could not be saved to your OneDrive. Please try again: type export ${doc.reference}.`);
      return;
    }
    await context.sendActivity({ attachments: [fileInfoCard(response.uploadInfo)] });
    log.info({ disputeId: doc.id, reference: doc.reference, document: request.document }, 'file delivered');
  });

  app.fileConsentDecline(async (context, _state, response) => {
    const request = response.context as FileRequest | undefined;
    const doc = request ? await service.load(request.disputeId) : undefined;
    await context.sendActivity(doc ? `No file was sent. Type export ${doc.reference} if you want it later.` : 'No file was sent.');
  });

  app.message(/^\s*help\s*$/i, async (context) => {
    await context.sendActivity({ text: helpText(deps.protocol, deps.snapshot, deps.emergencyContact), textFormat: 'markdown' });
  });

  app.conversationUpdate('membersAdded', async (context) => {
    const botJoined = context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id);
    if (botJoined && context.activity.conversation.conversationType === 'personal') {
      await context.sendActivity({ text: helpText(deps.protocol, deps.snapshot, deps.emergencyContact), textFormat: 'markdown' });
    }
  });

  app.adaptiveCards.actionExecute<CardData>('raise.submit', async (context, _state, data) => {
    const person = personOf(context);
    const checked = validateRaiseForm(data, {
      protocol: deps.protocol,
      agencies: directory.agencies(),
      indicators: deps.indicators,
      raiserIds: [person.id, ...(person.aadObjectId ? [person.aadObjectId] : [])],
    });
    if (!checked.ok) return asCard(raiseForm(person, checked.values, checked.errors));
    const other = directory.find(checked.form.respondentId);
    if (!other) {
      return asCard(raiseForm(person, checked.values, ['The other professional: they are not in the partnership directory yet; ask the partnership to add them.']));
    }
    const respondent: PersonRef = other.aadObjectId ? { id: other.id, name: other.name, aadObjectId: other.aadObjectId } : { id: other.id, name: other.name };
    const raiser = directory.find(person.id) ?? directory.find(person.aadObjectId ?? '');
    const result = await service.raise(checked.form, raiser ? { ...person, name: raiser.name } : person, respondent, {
      serviceUrl: context.activity.serviceUrl,
      tenantId: tenantOf(context),
    });
    if (!result.ok) return asCard(raiseForm(person, checked.values, [result.refusal.message]));
    return asCard(raisedCard(result.doc.state, '', deps.emergencyContact));
  });

  const view = (doc: DisputeDocument, person: PersonRef, notice?: { text: string; good: boolean }) => {
    const actor = service.actorIn(doc.state, person);
    if (!service.canSeeDetails(doc, person)) {
      // The public card, without `refresh`, so it is answered to this person only (see disputeViewCard).
      const { refresh: _refresh, ...publicCard } = threadCard(doc.state);
      return asCard(publicCard);
    }
    const lead = directory.safeguardingLead(doc.state.sides.raiser.agency);
    const advice = lead && lead.id !== doc.state.sides.raiser.professional.id ? { name: lead.name, role: 'safeguarding lead' } : undefined;
    return asCard(
      disputeViewCard(doc.state, actor, {
        now: deps.clock(),
        ctx: deps.ctx,
        emergencyContact: deps.emergencyContact,
        indicators: deps.indicators,
        managerChoices: directory.people().map((p) => ({ id: p.id, name: `${p.name}${p.title ? `, ${p.title}` : ''} (${p.agency})` })),
        ...(notice ? { notice } : {}),
        ...(advice ? { advice } : {}),
      }),
    );
  };

  const notFound = asCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'This dispute could not be found. It may have been removed after its retention period.', wrap: true }] });

  app.adaptiveCards.actionExecute<CardData>('dispute.refresh', async (context, _state, data) => {
    const doc = typeof data.disputeId === 'string' ? await service.load(data.disputeId) : undefined;
    return doc ? view(doc, personOf(context)) : notFound;
  });

  for (const [verb, action] of Object.entries(CARD_ACTIONS)) {
    app.adaptiveCards.actionExecute<CardData>(verb, async (context, _state, data) => {
      const person = personOf(context);
      const doc = typeof data.disputeId === 'string' ? await service.load(data.disputeId) : undefined;
      if (!doc) return notFound;
      const inDispute = [doc.state.sides.raiser, doc.state.sides.respondent].flatMap((s) => [s.professional, ...s.firstLine, ...s.senior]);
      const long = tooLong(data);
      const built = long ? { error: long } : action.build(data, { actorId: person.id, inDispute, find: (id) => { const p = directory.find(id); return p ? ref(p) : undefined; } });
      if ('error' in built) return view(doc, person, { text: `${built.error} Nothing was saved.`, good: false });
      const result = await service.act(doc.id, person, built.body);
      if (!result.ok) return view(result.doc ?? doc, person, { text: `${result.refusal.message} Nothing was changed.`, good: false });
      return view(result.doc, person, { text: result.changed ? action.done : 'Already done; nothing more to change.', good: true });
    });
  }

  return app;
}
