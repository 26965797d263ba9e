import type { Attachment } from 'botbuilder';

/** What a file-consent card carries back to the bot when the person accepts or declines. */
export type FileRequest =
  | {
      disputeId: string;
      document: DocumentKind;
      /** The history entry the document was made as of (the written account as it was sent). */
      asOf?: number;
    }
  /** The partnership's anonymised return for a period, for the secretariat. */
  | { document: 'picture'; format: 'csv' | 'xlsx'; from: string; to: string };

export type DocumentKind = 'written-account' | 'record-docx' | 'record-json';

/**
 * Teams sends a file to a person only with their consent: the bot offers it on a consent
 * card, and on "Allow" Teams gives an upload URL in the person's OneDrive.
 */
export function consentCard(name: string, description: string, sizeInBytes: number, request: FileRequest): Attachment {
  return {
    contentType: 'application/vnd.microsoft.teams.card.file.consent',
    name,
    content: { description, sizeInBytes, acceptContext: request, declineContext: request },
  };
}

export async function uploadFile(uploadUrl: string, bytes: Buffer): Promise<void> {
  const response = await fetch(uploadUrl, {
    method: 'PUT',
    // fetch sets Content-Length from the body; setting it by hand is refused by undici in some states.
    headers: { 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` },
    body: new Uint8Array(bytes),
    signal: AbortSignal.timeout(20_000),
  });
  if (!response.ok) throw new Error(`File upload answered ${response.status}`);
}

export function fileInfoCard(uploadInfo: { name?: string; contentUrl?: string; uniqueId?: string; fileType?: string }): Attachment {
  return {
    contentType: 'application/vnd.microsoft.teams.card.file.info',
    contentUrl: uploadInfo.contentUrl,
    name: uploadInfo.name,
    content: { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType },
  };
}
