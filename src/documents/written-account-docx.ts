import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { formatIfInstant as show } from '../cards/format';
import type { Line, WrittenAccount } from '../domain/written-account';

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_2) => new Paragraph({ text, heading: level, spacing: { before: 240, after: 120 } });
const para = (text: string) => new Paragraph({ children: [new TextRun(text)], spacing: { after: 80 } });

function factTable(lines: Line[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: lines.map(
      (line) =>
        new TableRow({
          children: [
            new TableCell({ width: { size: 30, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [new TextRun({ text: line.label, bold: true })] })] }),
            new TableCell({ width: { size: 70, type: WidthType.PERCENTAGE }, children: [para(show(line.value))] }),
          ],
        }),
    ),
  });
}

export interface DocumentOptions {
  title: string;
  partnership: string;
  /** Shown at the top: who may read it. */
  marking: string;
}

/** The written account as a Word document the secretariat can file and circulate to the panel. */
export async function writtenAccountDocx(account: WrittenAccount, options: DocumentOptions): Promise<Buffer> {
  const doc = new Document({
    title: `${account.reference}: ${options.title}`,
    creator: options.partnership,
    description: `${options.title} for professional disagreement ${account.reference}`,
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun({ text: options.marking, bold: true, color: 'B00020' })] }),
          heading(`${options.title}: ${account.reference}`, HeadingLevel.TITLE),
          para(`${options.partnership}. ${account.protocol}. Route: ${account.route}. Raised ${show(account.raisedAt)}.`),
          heading('The parties and agencies'),
          factTable(account.parties),
          heading('The concern and the impact on the child'),
          factTable(account.concern),
          heading('Timeline of the stages'),
          ...account.timeline.map((t) => para(`${t.label}, ${t.title}: ${show(t.enteredAt)}, ${t.how}. Involved: ${t.involved.join(', ') || 'nobody found'}.`)),
          heading('Each side\'s position'),
          ...account.positions.flatMap((p) => [new Paragraph({ children: [new TextRun({ text: `${p.name}, ${p.agency}`, bold: true })], spacing: { before: 120 } }), factTable(p.lines)]),
          heading('What was tried'),
          ...(account.tried.length ? account.tried.map((t) => para(`${show(t.at)}, ${t.by}: ${t.what}`)) : [para('No records of conversations, meetings or decisions were added.')]),
          heading('Outstanding issues'),
          ...account.outstanding.map((o) => para(o)),
          ...(account.referral.length ? [heading('Referral to the partnership'), factTable(account.referral)] : []),
          ...(account.outcome.length ? [heading('How the dispute ended'), factTable(account.outcome)] : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
