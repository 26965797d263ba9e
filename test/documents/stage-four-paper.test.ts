import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { writtenAccountDocx } from '../../src/documents/written-account-docx';
import { compileWrittenAccount } from '../../src/documents/written-account';
import { ensureDebianPackages } from '../support/debian';
import { apply, command, ctx, people, raiseInput, run, system, throughEveryStage, uk } from '../support/dispute-fixtures';
import { renderDocument } from '../../src/documents/dispute-documents';
import { decide } from '../../src/commands';
import type { Actor, Dispute, PersonRef } from '../../src/domain/dispute';
import type { DisputeEvent } from '../../src/domain/messages';
import type { CommandBody } from '../../src/commands';
import { NO_SEAL, SealedEvent, sealAfter } from '../../src/store/history-chain';

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

/**
 * The whole record as a court or a review reads it: printed by a word processor and read back,
 * it shows the hold, every entry in order with who and when in UK time, corrections beside what
 * they correct, who was brought in and why, and the seal of the last entry with how to check it.
 */
describe('the whole record, printed', function () {
  this.timeout(120_000);
  let text: string;
  let history: SealedEvent[];
  /** The rows of the document's tables, each cell's text joined with " | ". */
  let rows: string[];

  before(async () => {
    ensureDebianPackages([{ binary: '/usr/bin/soffice', pkg: 'libreoffice-writer-nogui' }, { binary: '/usr/bin/pdftotext', pkg: 'poppler-utils' }], 'The printed-paper tests');
    const events: DisputeEvent[] = [];
    let state: Dispute | null = null;
    const step = (who: PersonRef | Actor, at: Date, body: CommandBody) => {
      const decision = decide(state, command(state, who, at, body), ctx);
      state = apply(state, decision);
      if (decision.ok) events.push(...decision.events);
    };
    step(people.alex, uk('2026-12-07T10:00'), { kind: 'raise', ...raiseInput() });
    step(people.alex, uk('2026-12-07T10:30'), { kind: 'record-conversation', record: { id: 'r1', heldAt: uk('2026-12-07T10:15').toISOString(), participants: 'Alex Morgan, Sam Taylor', discussed: 'The attendance log', agreed: 'Nothing' } });
    step(people.alex, uk('2026-12-07T11:00'), { kind: 'record-conversation', record: { id: 'r2', heldAt: uk('2026-12-07T10:15').toISOString(), participants: 'Alex Morgan, Sam Taylor', discussed: 'The attendance log and the health visitor\'s notes', agreed: 'Nothing', corrects: 'r1' } });
    const s1 = state! as Dispute & { deadline: { due: string } };
    step(system, new Date(s1.deadline.due), { kind: 'deadline-reached', due: s1.deadline.due });
    const s2 = state! as Dispute & { attention: { nextTierAt: string } };
    step(system, new Date(s2.attention.nextTierAt), { kind: 'deadline-reached', due: s2.attention.nextTierAt });
    step(people.morgan, uk('2026-12-09T15:00'), { kind: 'place-legal-hold', basis: 'court-proceedings' });
    history = sealAfter(NO_SEAL, events);
    const rendered = await renderDocument({ reference: 'PD-2026-0001' }, history, 'record-docx', 'Hillside Safeguarding Children Partnership', undefined, uk('2026-12-09T16:00'));
    const dir = mkdtempSync(path.join(tmpdir(), 'record-'));
    const docx = path.join(dir, 'record.docx');
    writeFileSync(docx, rendered.bytes);
    execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, docx], { stdio: 'pipe', timeout: 90_000 });
    text = execFileSync('pdftotext', ['-layout', path.join(dir, 'record.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    mkdirSync(OUTPUT, { recursive: true });
    writeFileSync(path.join(OUTPUT, 'whole-record.txt'), text);
    const xml = await (await JSZip.loadAsync(rendered.bytes)).file('word/document.xml')!.async('string');
    const words = (fragment: string) => [...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('').replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    rows = (xml.match(/<w:tr[ >][\s\S]*?<\/w:tr>/g) ?? []).map((row) => (row.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? []).map(words).join(' | '));
  });

  it('says first that it is held, by whom, since when and why', () => {
    assert.match(text, /Legal hold HELD\. A legal hold placed by Morgan Reid on Wed 9 Dec 2026, 15:00 for court proceedings is in force/);
  });

  it('lists every entry in order, numbered, with when in UK time and who', () => {
    assert.match(text, /Every entry in the record/);
    const entryRows = rows.filter((r) => /^\d+ \| /.test(r));
    assert.deepEqual(entryRows.map((r) => Number(r.split(' | ')[0])), history.map((h) => h.seq), 'every entry, in order, once');
    assert.match(entryRows[0]!, /^1 \| Mon 7 Dec 2026, 10:00 \| Alex Morgan \| Raised the disagreement with Sam Taylor \(Children's Social Care\)\. Child: case HPS-4411, initials J\.B\.; concern: Referral closed/);
    assert.match(entryRows.at(-1)!, /^8 \| Wed 9 Dec 2026, 15:00 \| Morgan Reid \| Placed a legal hold for court proceedings/);
    assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'no ISO timestamps');
  });

  it('puts a correction beside the entry it corrects, and keeps both', () => {
    assert.match(text, /Discussed: The attendance log\. Agreed: Nothing\. \(Corrected by entry 3\.\)/);
    assert.match(text, /Corrected an earlier record\. .*health visitor's notes.* \(Corrects entry 2\.\)/);
  });

  it('says who the clock brought in and why', () => {
    assert.ok(rows.includes('4 | Tue 8 Dec 2026, 10:00 | Protocol clock | Stage 2: First-line manager to first-line manager began Tue 8 Dec 2026, 10:00: the timescale ran out without an agreed outcome. Due Thu 10 Dec 2026, 10:00.'), rows.join('\n'));
    assert.ok(rows.includes('5 | Wed 9 Dec 2026, 10:00 | Protocol clock | Dan Okafor brought in at Stage 2 for Priya Shah: nobody on that side had said they had seen it by half the timescale.'));
  });

  it('ends with the seal of the last entry and how to check it', () => {
    const last = history.at(-1)!;
    assert.match(text, new RegExp(`The last, entry ${last.seq}, is sealed with the SHA-256 hash ${last.hash.slice(0, 20)}`));
    assert.match(text, /type "verify PD-2026-0001" in your chat with the bot/);
  });
});
