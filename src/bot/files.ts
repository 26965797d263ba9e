import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { PersonRef } from '../domain/dispute';
import { renderDocument } from '../documents/dispute-documents';
import { consentCard, DocumentKind, fileInfoCard, FileRequest, uploadFile } from '../documents/file-delivery';
import { PartnershipPicture, returnFile } from '../analytics/picture';
import { mayViewPicture } from '../analytics/audience';
import { parsePeriod } from '../analytics/period';
import { chatCommand } from './chat-command';
import { personOf } from './turn';
import type { Parts } from './bot-deps';

/* Files: a dispute's record exported, the partnership's picture, and the consent Teams asks for before either is sent. */

export function registerFiles(app: Application<TurnState>, { deps, sendPrivately }: Parts): void {
  const { service, directory, log } = deps;

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

}
