import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { writtenAccountDocx } from '../../src/documents/written-account-docx';
import { compileWrittenAccount } from '../../src/domain/written-account';
import { ensureDebianPackages } from '../support/debian';
import { people, run, throughEveryStage, uk } from '../support/dispute-fixtures';

const OUTPUT = path.join(__dirname, '..', '..', 'test-output');
const MARKING = 'OFFICIAL-SENSITIVE: child safeguarding. For the parties, their managers and the Safeguarding Partnership only.';

/**
 * The Stage Four paper as a secretariat files it: the Word document printed to PDF by a word
 * processor (LibreOffice, headless) and read back as text, page by page, and its XML checked
 * for what a screen reader and a printer rely on.
 */
describe('the Stage Four paper, printed', function () {
  this.timeout(120_000);
  let pages: string[];
  let documentXml: string;
  let stylesXml: string;
  let coreXml: string;

  before(async () => {
    ensureDebianPackages([{ binary: '/usr/bin/soffice', pkg: 'libreoffice-writer-nogui' }, { binary: '/usr/bin/pdftotext', pkg: 'poppler-utils' }], 'The printed-paper tests');
    // A long dispute: every stage, an immediate risk dealt with, and many conversations, so the paper runs to several pages.
    let d = throughEveryStage();
    for (let i = 1; i <= 9; i++) {
      d = run(d, people.jo, uk(`2027-01-0${Math.min(i, 9)}T11:${String(i).padStart(2, '0')}`), {
        kind: 'record-conversation',
        record: { id: `extra-${i}`, heldAt: uk('2027-01-06T09:00').toISOString(), participants: 'Jo Evans, Chris Lee, Morgan Reid', discussed: `Conversation ${i} about the threshold for statutory services, the attendance log and the missed medical appointments, and what each agency would do next if the panel agreed.`, agreed: 'To bring the question to the panel' },
      });
    }
    const bytes = await writtenAccountDocx(compileWrittenAccount(d), { title: 'Stage Four written account', partnership: 'Hillside Safeguarding Children Partnership', marking: MARKING, prepared: uk('2027-01-06T10:05') });
    const dir = mkdtempSync(path.join(tmpdir(), 'paper-'));
    const docx = path.join(dir, 'account.docx');
    writeFileSync(docx, bytes);
    execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, docx], { stdio: 'pipe', timeout: 90_000 });
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'account.pdf'), '-'], { encoding: 'utf8' });
    pages = text.split('\f').filter((p) => p.trim().length > 0);
    const zip = await JSZip.loadAsync(bytes);
    documentXml = await zip.file('word/document.xml')!.async('string');
    stylesXml = await zip.file('word/styles.xml')!.async('string');
    coreXml = await zip.file('docProps/core.xml')!.async('string');
    mkdirSync(OUTPUT, { recursive: true });
    writeFileSync(path.join(OUTPUT, 'stage-four-paper.txt'), text);
  });

  const squash = (s: string) => s.replace(/\s+/g, ' ');

  it('runs to several pages, each with the protective marking at its top and bottom and "Page n of N"', () => {
    assert.ok(pages.length >= 2, `${pages.length} page(s)`);
    pages.forEach((page, i) => {
      const marks = squash(page).split('OFFICIAL-SENSITIVE: child safeguarding').length - 1;
      assert.ok(marks >= 2, `page ${i + 1} carries the marking ${marks} time(s)`);
      assert.match(squash(page), new RegExp(`PD-2026-0001\\. Page ${i + 1} of ${pages.length}`), `page ${i + 1} is numbered`);
    });
  });

  it('opens with its title, the reference unbroken, and the date it was prepared', () => {
    const first = squash(pages[0]!);
    assert.match(first, /Stage Four written account Professional disagreement PD-2026-0001/);
    assert.match(first, /Prepared Wed 6 Jan 2027, 10:05 \(UK time\)/);
    assert.doesNotMatch(first, /PD-2026-\s+0001|PD-\s+2026/);
  });

  it('gives every value in words and UK time: no ISO timestamps or codes', () => {
    const all = pages.join('\n');
    assert.doesNotMatch(all, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'an ISO timestamp');
    assert.doesNotMatch(all, /\b(tier-\d|refused-tier|not-applicable|timescale-ran-out|risk-of-significant-harm|awaiting-approval)\b/, 'a raw code');
    assert.match(squash(all), /Tier 4/);
  });

  it('keeps table rows whole and repeats each table\'s header row; headings stay with what follows', () => {
    const rows = documentXml.match(/<w:tr[ >][\s\S]*?<\/w:tr>/g) ?? [];
    assert.ok(rows.length > 20, `${rows.length} rows`);
    assert.deepEqual(rows.filter((r) => !r.includes('<w:cantSplit/>')).length, 0, 'every row is kept whole');
    const tables = documentXml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
    assert.ok(tables.length >= 5);
    for (const table of tables) assert.match(table.match(/<w:tr[ >][\s\S]*?<\/w:tr>/)![0], /<w:tblHeader\/>/, 'the first row is a header row');
    const headings = documentXml.match(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:pStyle w:val="Heading\d"\/>[\s\S]*?<\/w:p>/g) ?? [];
    assert.ok(headings.length >= 6, `${headings.length} headings`);
    for (const h of headings) assert.match(h, /<w:keepNext\/>/);
  });

  it('is accessible: real headings and a title, the document title and language set', () => {
    assert.match(documentXml, /<w:pStyle w:val="Title"\/>/);
    assert.match(documentXml, /<w:pStyle w:val="Heading2"\/>/);
    assert.match(stylesXml, /<w:lang w:val="en-GB"\/>/);
    assert.match(coreXml, /<dc:title>Stage Four written account: PD-2026-0001<\/dc:title>/);
    assert.match(readFileSync(path.join(OUTPUT, 'stage-four-paper.txt'), 'utf8'), /What was tried/);
  });
});
