import { AlignmentType, Document, Footer, Header, HeadingLevel, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { formatIfInstant as show } from '../cards/format';
import { formatMoment } from '../domain/narrative';
import type { Line, WrittenAccount } from './written-account';
import type { RecordEntry } from '../commands/words';

/*
 * A paper a secretariat files unchanged: the protective marking in the header and footer of
 * every page, page numbers, the date prepared, every value in words and UK time, headings that
 * stay with what follows, table rows that never split across a page, and an accessible
 * document (real headings, header rows on every table, title and language set).
 */

type Level = (typeof HeadingLevel)[keyof typeof HeadingLevel];

const heading = (text: string, level: Level = HeadingLevel.HEADING_2) => new Paragraph({ text, heading: level, keepNext: true, keepLines: true, spacing: { before: 240, after: 120 } });
const para = (text: string) => new Paragraph({ children: [new TextRun(text)], spacing: { after: 80 } });
/** The title, and the reference in a paragraph of its own, short enough never to break at a hyphen ("PD-2026-/0001"). */
const titleOf = (title: string, reference: string) => [
  new Paragraph({ heading: HeadingLevel.TITLE, keepNext: true, spacing: { after: 60 }, text: title }),
  new Paragraph({ keepNext: true, spacing: { after: 120 }, children: [new TextRun({ text: `Professional disagreement ${reference}`, bold: true, size: 32 })] }),
];

const cell = (text: string, width: number, bold = false) =>
  new TableCell({ width: { size: width, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });

/** Two columns with a header row that repeats on every page; no row splits across a page. */
function factTable(lines: Line[], headers: [string, string] = ['Item', 'Detail']): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: [cell(headers[0], 30, true), cell(headers[1], 70, true)] }),
      ...lines.map((line) => new TableRow({ cantSplit: true, children: [cell(line.label, 30, true), cell(show(line.value), 70)] })),
    ],
  });
}

const marking = (text: string) => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold: true, color: 'B00020' })] });

/** What the whole record adds to the written account: its holds, every entry, and the seal of the last. */
export interface WholeRecord {
  /** One sentence on the legal hold: in force (by whom, when, why), lifted, or none. */
  hold: string;
  entries: RecordEntry[];
  seal: { seq: number; hash: string };
  /** How to check the seals. */
  verify: string;
}

/** Every entry, a row each: number, when in UK time, who, what; corrections beside what they correct. */
function entryTable(entries: RecordEntry[]): Table {
  const note = (e: RecordEntry) => [e.corrects ? ` (Corrects entry ${e.corrects}.)` : '', e.correctedBy.length ? ` (Corrected by entry ${e.correctedBy.join(', ')}.)` : ''].join('');
  const row = (cells: [string, number, boolean?][]) => new TableRow({ cantSplit: true, children: cells.map(([text, width, bold]) => cell(text, width, bold)) });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: [cell('No.', 7, true), cell('When (UK time)', 21, true), cell('Who', 17, true), cell('What happened', 55, true)] }),
      ...entries.map((e) => row([[String(e.seq), 7], [formatMoment(e.at), 21], [e.who, 17], [`${e.what}${note(e)}`, 55]])),
    ],
  });
}

export interface DocumentOptions {
  title: string;
  partnership: string;
  /** The protective marking, at the top and bottom of every page. */
  marking: string;
  /** When the paper was prepared. */
  prepared: Date;
  /** The whole record: the written account followed by every entry and the seal. */
  record?: WholeRecord;
}

/** The written account as a Word document the secretariat can file and circulate to the panel. */
export async function writtenAccountDocx(account: WrittenAccount, options: DocumentOptions): Promise<Buffer> {
  const title = `${options.title}: ${account.reference}`;
  const doc = new Document({
    title,
    subject: `Professional disagreement ${account.reference}`,
    creator: options.partnership,
    description: `${options.title} for professional disagreement ${account.reference}`,
    styles: { default: { document: { run: { language: { value: 'en-GB' }, font: 'Arial', size: 22 } } } },
    sections: [
      {
        headers: { default: new Header({ children: [marking(options.marking)] }) },
        footers: {
          default: new Footer({
            children: [
              marking(options.marking),
              new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(`${account.reference}. Page `), new TextRun({ children: [PageNumber.CURRENT] }), new TextRun(' of '), new TextRun({ children: [PageNumber.TOTAL_PAGES] })] }),
            ],
          }),
        },
        children: [
          ...titleOf(options.title, account.reference),
          para(`${options.partnership}. ${account.protocol}. Route: ${account.route}. Raised ${show(account.raisedAt)}.`),
          para(`Prepared ${formatMoment(options.prepared.toISOString())} (UK time).`),
          ...(options.record ? [heading('Legal hold'), para(options.record.hold)] : []),
          heading('The parties and agencies'),
          factTable(account.parties, ['Professional', 'Agency and managers']),
          heading('The concern and the impact on the child'),
          factTable(account.concern),
          heading('Timeline of the stages'),
          factTable(account.timeline.map((t) => ({ label: `${t.label}, ${t.title}`, value: `${show(t.enteredAt)}, ${t.how}. Involved: ${t.involved.join(', ') || 'nobody found'}.` })), ['Stage', 'Began, and who was involved']),
          heading('Each side\'s position'),
          ...account.positions.flatMap((p) => [heading(`${p.name}, ${p.agency}`, HeadingLevel.HEADING_3), factTable(p.lines)]),
          heading('What was tried'),
          account.tried.length
            ? factTable(account.tried.map((t) => ({ label: `${show(t.at)}, ${t.by}`, value: t.what })), ['When and who', 'What was tried'])
            : para('No records of conversations, meetings or decisions were added.'),
          heading('Outstanding issues'),
          ...account.outstanding.map((o) => para(o)),
          ...(account.referral.length ? [heading('Referral to the partnership'), factTable(account.referral)] : []),
          ...(account.outcome.length ? [heading('How the dispute ended'), factTable(account.outcome)] : []),
          ...(options.record ? [
            heading('Every entry in the record'),
            para('Each entry as it was recorded, in order. A correction is a new entry; the entry it corrects is kept and says so.'),
            entryTable(options.record.entries),
            heading('The seal'),
            para(`The record has ${options.record.entries.length} entries. The last, entry ${options.record.seal.seq}, is sealed with the SHA-256 hash ${options.record.seal.hash}. Each entry's seal covers the entry before it, so a change to any entry breaks every seal after it.`),
            para(options.record.verify),
          ] : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
