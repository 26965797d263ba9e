import { wholeDispute } from '../commands';
import { compileWrittenAccount } from './written-account';
import type { DisputeDocument } from '../store/dispute-document';
import type { SealedEvent } from '../store/history-chain';
import type { WholeRecord } from './written-account-docx';

/** The Word writer, loaded when a document is first made: most of the bot's life it is not needed, and it is 10-15 MB resident. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- required when needed, in every way the bot runs (compiled, tsx, tests)
const docxWriter = (): typeof import('./written-account-docx') => require('./written-account-docx');
import type { Dispute } from '../domain/dispute';
import { HOLD_BASES } from '../domain/dispute';
import { formatMoment } from '../domain/narrative';
import { recordEntries } from '../commands/words';
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
      bytes: await docxWriter().writtenAccountDocx(account, { title: 'Written account of the dispute', partnership, marking: MARKING, prepared }),
    };
  }
  const last = entries.at(-1)!;
  const record: WholeRecord = {
    hold: holdSentence(dispute),
    entries: recordEntries(entries),
    seal: { seq: last.seq, hash: last.hash },
    verify: `To check it, type "verify ${ref}" in your chat with the bot: it recomputes every seal from the stored entries and says whether the record is intact. The JSON export carries every entry with its seal, for a check by anyone.`,
  };
  return {
    name: `${ref} record.docx`,
    description: `The whole record of ${ref}.`,
    bytes: await docxWriter().writtenAccountDocx(account, { title: 'Record of a professional disagreement', partnership, marking: MARKING, prepared, record }),
  };
}

/** The legal hold in one sentence: in force, lifted, or never placed. */
function holdSentence(d: Dispute): string {
  const holds = d.legalHolds ?? [];
  const held = holds.find((h) => !h.liftedAt);
  const lifted = holds.filter((h) => h.liftedAt).map((h) => `placed by ${h.placedBy.name} on ${formatMoment(h.placedAt)} for ${HOLD_BASES[h.basis]}, lifted by ${h.liftedBy?.name ?? 'the secretariat'} on ${formatMoment(h.liftedAt!)}`);
  const earlier = lifted.length ? ` Earlier holds: ${lifted.join('; ')}.` : '';
  if (held) return `HELD. A legal hold placed by ${held.placedBy.name} on ${formatMoment(held.placedAt)} for ${HOLD_BASES[held.basis]} is in force: this record must be kept, and is not deleted at the end of its retention period, until the hold is lifted.${earlier}`;
  return `No legal hold is in force: the record is kept for its retention period, then deleted.${earlier}`;
}
