import { compileWrittenAccount } from '../domain/written-account';
import type { DisputeDocument } from '../store/dispute-document';
import { writtenAccountDocx } from './written-account-docx';
import type { DocumentKind } from './file-delivery';

export interface RenderedDocument {
  name: string;
  description: string;
  bytes: Buffer;
}

const MARKING = 'OFFICIAL-SENSITIVE: child safeguarding. For the parties, their managers and the Safeguarding Partnership only.';

/** The files a dispute can be sent as: the written account, or its whole record as Word or JSON. */
export async function renderDocument(doc: DisputeDocument, kind: DocumentKind, partnership: string): Promise<RenderedDocument> {
  const ref = doc.reference;
  if (kind === 'record-json') {
    const record = { reference: ref, exportedFor: partnership, state: doc.state, history: doc.history };
    return { name: `${ref} record.json`, description: `The whole record of ${ref} as JSON, for an agency's case system.`, bytes: Buffer.from(JSON.stringify(record, null, 2)) };
  }
  const account = compileWrittenAccount(doc.state);
  if (kind === 'written-account') {
    return {
      name: `${ref} written account.docx`,
      description: `The written account of ${ref} and of what was tried, for the panel.`,
      bytes: await writtenAccountDocx(account, { title: 'Written account of the dispute', partnership, marking: MARKING }),
    };
  }
  return {
    name: `${ref} record.docx`,
    description: `The whole record of ${ref}.`,
    bytes: await writtenAccountDocx(account, { title: 'Record of a professional disagreement', partnership, marking: MARKING }),
  };
}
