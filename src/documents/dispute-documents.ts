import { wholeDispute } from '../domain/evolve';
import { compileWrittenAccount } from '../domain/written-account';
import type { DisputeDocument } from '../store/dispute-document';
import type { SealedEvent } from '../store/history-chain';
import { writtenAccountDocx } from './written-account-docx';
import type { DocumentKind } from './file-delivery';

export interface RenderedDocument {
  name: string;
  description: string;
  bytes: Buffer;
}

const MARKING = 'OFFICIAL-SENSITIVE: child safeguarding. For the parties, their managers and the Safeguarding Partnership only.';

/**
 * The files a dispute can be sent as: the written account, or its whole record as Word or JSON.
 * They are made from the whole history (every record, not only the recent ones the head
 * keeps); `asOf` makes them as the dispute stood at that entry.
 */
export async function renderDocument(doc: Pick<DisputeDocument, 'reference'>, history: readonly SealedEvent[], kind: DocumentKind, partnership: string, asOf?: number, prepared: Date = new Date()): Promise<RenderedDocument> {
  const ref = doc.reference;
  const entries = asOf === undefined ? history : history.filter((h) => h.seq <= asOf);
  const dispute = wholeDispute(entries.map((h) => h.event));
  if (kind === 'record-json') {
    const record = { reference: ref, exportedFor: partnership, state: dispute, history: entries };
    return { name: `${ref} record.json`, description: `The whole record of ${ref} as JSON, for an agency's case system.`, bytes: Buffer.from(JSON.stringify(record, null, 2)) };
  }
  const account = compileWrittenAccount(dispute);
  if (kind === 'written-account') {
    return {
      name: `${ref} written account.docx`,
      description: `The written account of ${ref} and of what was tried, for the panel.`,
      bytes: await writtenAccountDocx(account, { title: 'Written account of the dispute', partnership, marking: MARKING, prepared }),
    };
  }
  return {
    name: `${ref} record.docx`,
    description: `The whole record of ${ref}.`,
    bytes: await writtenAccountDocx(account, { title: 'Record of a professional disagreement', partnership, marking: MARKING, prepared }),
  };
}
