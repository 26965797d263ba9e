import assert from 'node:assert/strict';
import { csvField, partnershipPicture, pictureCsv, pictureRows, pictureXlsx, suppressed } from '../../src/analytics/picture';
import { DisputeSummary, summarize } from '../../src/analytics/summary';
import { WorkingCalendar } from '../../src/domain/working-days';
import { connectStore, StoreConnection } from '../../src/store/cosmos-connection';
import { DisputeRepository } from '../../src/store/dispute-repository';
import { message, User } from '../support/bot-harness';
import { Workbook } from 'exceljs';
import { people as bb, Rig } from '../support/black-box';
import { seededQuarter as seeded, storedHead, uk } from '../support/dispute-fixtures';

const calendar = new WorkingCalendar();
describe('the partnership\'s picture of its disagreements', () => {
  const summaries = seeded().map(summarize);
  const picture = partnershipPicture(summaries, uk('2026-12-01T00:00'), uk('2027-01-01T00:00'), uk('2027-01-15T12:00'), calendar);

  it('counts the disputes raised in the period by route, agency pair, who raises and who is raised against', () => {
    assert.equal(picture.raised, 10);
    assert.deepEqual(picture.byAgencyPair, [
      { label: 'Hillside Primary School with Children\'s Social Care', count: 7 },
      { label: 'Police with Children\'s Social Care', count: 3 },
    ]);
    assert.deepEqual(picture.raisers.map((c) => [c.label, c.count]), [['Hillside Primary School', 7], ['Police', 3]]);
    assert.deepEqual(picture.raisedAgainst.map((c) => [c.label, c.count]), [['Children\'s Social Care', 10]]);
  });

  it('shows how far each went, the outcomes and the themes chosen at closure', () => {
    assert.deepEqual(Object.fromEntries(picture.furthest.map((c) => [c.label, c.count])), { 'Stage 1': 5, 'Stage 2': 2, 'Stage 3': 2, 'Stage 4': 1 });
    assert.deepEqual(Object.fromEntries(picture.outcomes.map((c) => [c.label, c.count])), { 'Agreed outcome': 3, 'Still open': 5, Withdrawn: 2 });
    assert.deepEqual(picture.themes, [{ label: 'Thresholds', count: 3 }]);
  });

  it('counts what the people involved said at closure, by its words, and the return carries it without any note', () => {
    const said = { helped: ['Managers getting involved'], hindered: ['Slow replies, or none'], unclear: ['The protocol: Stage 2 (First-line manager to first-line manager)'] };
    const withLearning = summaries.map((s, i) => (i < 2 ? { ...s, learning: { ...said, unclear: i === 0 ? [...said.unclear, ...said.unclear] : said.unclear } } : s));
    const p = partnershipPicture(withLearning, uk('2026-12-01T00:00'), uk('2027-01-01T00:00'), uk('2027-01-15T12:00'), calendar);
    assert.deepEqual(p.unclear, [{ label: 'The protocol: Stage 2 (First-line manager to first-line manager)', count: 3 }]);
    assert.deepEqual(p.helped, [{ label: 'Managers getting involved', count: 2 }]);
    assert.ok(pictureRows(p).some((r) => r.join('|') === 'Unclear, said at closure|The protocol: Stage 2 (First-line manager to first-line manager)|fewer than 5'));
  });

  it('marks time at each level against its timescale: the referral approved a day late is a breach of Stage 3', () => {
    const stage3 = picture.stageTimes.find((t) => t.label === 'Stage 3')!;
    assert.equal(stage3.reached, 3);
    assert.equal(stage3.breached, 3, 'the one approved late, and the two still waiting past their due time');
    const stage1 = picture.stageTimes.find((t) => t.label === 'Stage 1')!;
    assert.equal(stage1.reached, 10);
    assert.equal(stage1.breached, 0, 'Stage 1 was left on time everywhere');
    // Left after 0.1 (withdrawn, x2), 0.2 (agreed, x3) and 1 working day (timescale ran out, x5): median 0.6.
    assert.equal(stage1.medianWorkingDays, 0.6);
  });

  it('lists the open disputes by due time, reference and level only', () => {
    assert.equal(picture.open.length, 5);
    assert.deepEqual(Object.keys(picture.open[0]!).sort(), ['dueAt', 'level', 'reference']);
    assert.ok(picture.open.every((o, i, all) => i === 0 || all[i - 1]!.dueAt <= o.dueAt));
  });

  it('exports an anonymised CSV: counts under 5 as "fewer than 5", no references, no names, nothing typed', () => {
    const csv = pictureCsv(picture);
    assert.match(csv, /^Section,Item,Count\r\n/);
    assert.match(csv, /Raised by agency pair,Hillside Primary School with Children's Social Care,7\r\n/);
    assert.match(csv, /Raised by agency pair,Police with Children's Social Care,fewer than 5\r\n/);
    for (const secret of ['PD-2026', 'HPS-4411', 'J.B.', 'Alex Morgan', 'Early help', 'Resolved by phone', 'Policy question']) assert.ok(!csv.includes(secret), `the return holds "${secret}"`);
    assert.equal(suppressed(0), '0');
    assert.equal(suppressed(4), 'fewer than 5');
    assert.equal(suppressed(5), '5');
  });

  it('never lets a spreadsheet read a cell as a formula (OWASP CSV injection): such names are shown as text', () => {
    for (const name of ['=HYPERLINK("https://evil.example","Open")', '+SUM(A1)', '-2+3', '@cmd', '\tTabbed']) {
      const cell = csvField(name);
      assert.ok(cell.startsWith("'") || cell.startsWith('"\''), `${JSON.stringify(name)} became ${cell}`);
    }
    assert.equal(csvField('=A1,B1'), '"\'=A1,B1"', 'prefixed, then quoted for the comma');
    assert.equal(csvField('Hillside Primary School'), 'Hillside Primary School');
    assert.equal(csvField('fewer than 5'), 'fewer than 5');
    const named = partnershipPicture(summaries.map((s) => ({ ...s, raiserAgency: '=HYPERLINK("https://evil.example")' })), uk('2026-12-01T00:00'), uk('2027-01-01T00:00'), uk('2027-01-15T12:00'), calendar);
    const csv = pictureCsv(named);
    assert.ok(!/(^|,)[=+\-@]/m.test(csv), 'no cell starts with a formula character');
    assert.match(csv, /'=HYPERLINK/);
  });

  it('as an Excel workbook holds the same rows, with counts as numbers and the suppressed as words', async () => {
    const book = new Workbook();
    await book.xlsx.load((await pictureXlsx(picture, 'Hillside Safeguarding Children Partnership')) as never);
    const sheet = book.getWorksheet('Return')!;
    const rows = [...Array(sheet.rowCount).keys()].map((i) => (sheet.getRow(i + 1).values as unknown[]).slice(1));
    assert.deepEqual(rows.map((r) => r.map(String)), pictureRows(picture));
    assert.deepEqual(rows.find((r) => r[1] === 'Hillside Primary School with Children\'s Social Care'), ['Raised by agency pair', 'Hillside Primary School with Children\'s Social Care', 7]);
    assert.deepEqual(rows.find((r) => r[1] === 'Police with Children\'s Social Care'), ['Raised by agency pair', 'Police with Children\'s Social Care', 'fewer than 5']);
  });
});

describe('the picture read from the store (real SDK, embedded store)', () => {
  let store: StoreConnection;
  before(async () => {
    store = await connectStore({ kind: 'embedded', database: 'picture' });
  });
  after(() => store.close());

  it('reads only the summaries of the period, and a summary holds nothing about the child or anything typed', async () => {
    const repository = new DisputeRepository(store.disputes);
    for (const [i, d] of seeded().entries()) await repository.create(storedHead(d, `picture-${i}`));
    const summaries: DisputeSummary[] = [];
    await repository.eachSummaryRaisedBetween(uk('2026-12-01T00:00'), uk('2027-01-01T00:00'), (s) => summaries.push(s));
    assert.equal(summaries.length, 10);
    const stored = JSON.stringify(summaries);
    for (const secret of ['HPS-4411', 'J.B.', 'Alex Morgan', 'Sam Taylor', 'Referral closed with no further action', 'Arrives hungry', 'Early help', 'Resolved by phone', 'Policy question']) {
      assert.ok(!stored.includes(secret), `a summary holds "${secret}"`);
    }
    const picture = partnershipPicture(summaries, uk('2026-12-01T00:00'), uk('2027-01-01T00:00'), uk('2027-01-15T12:00'), calendar);
    assert.equal(picture.raised, 10);
  });
});

describe('black box: the secretariat asks for the quarter\'s picture', function () {
  this.timeout(60_000);
  let rig: Rig;
  before(async () => {
    rig = await new Rig().start();
  });
  after(() => rig?.stop());

  it('"picture 2026-Q4" in the personal chat offers the anonymised return as Excel and CSV; accepted, it lands in their OneDrive; others are refused', async () => {
    const w = await rig.world();
    try {
      await w.raise();
      const ask = (who: User, text: string) => w.h.post(message(w.h, who, text));
      await ask(bb.alex, 'picture 2026-Q4');
      assert.ok(w.h.connector.repliesTo(`a:personal-${bb.alex.id}`).some((c) => /is for the secretariat/.test(String(c.body.text))), 'a professional is refused');
      await ask(bb.kate, 'picture 2026-Q4');
      assert.deepEqual(
        w.h.connector.repliesTo(`a:personal-${bb.kate.id}`).map((c) => c.body.attachments?.[0]?.name),
        ['Professional disagreements 2026-Q4.xlsx', 'Professional disagreements 2026-Q4.csv'],
        'a board member named in the directory is offered the return too',
      );
      await ask(bb.chris, 'picture 2026-Q4');
      const offers = w.h.connector.repliesTo(`a:personal-${bb.chris.id}`).map((c) => c.body.attachments?.[0]).filter((a) => a?.contentType === 'application/vnd.microsoft.teams.card.file.consent');
      assert.deepEqual(offers.map((o) => o.name), ['Professional disagreements 2026-Q4.xlsx', 'Professional disagreements 2026-Q4.csv']);
      const offer = offers[1];
      assert.equal(offer.name, 'Professional disagreements 2026-Q4.csv');
      const uploadUrl = `${w.h.connector.url}upload/picture.csv`;
      const res = await w.h.post({
        ...message(w.h, bb.chris, ''),
        type: 'invoke',
        name: 'fileConsent/invoke',
        value: { type: 'fileUpload', action: 'accept', context: offer.content.acceptContext, uploadInfo: { name: offer.name, uploadUrl, contentUrl: 'https://contoso.sharepoint.com/picture.csv', uniqueId: 'p1', fileType: 'csv' } },
      });
      assert.equal(res.status, 200);
      const csv = w.h.connector.uploads.get('picture.csv')!.bytes.toString('utf8');
      assert.match(csv, /^Section,Item,Count\r\nDisputes raised,2026-10-01 to 2026-12-31,fewer than 5\r\n/);
      assert.match(csv, /Raised by agency pair,Hillside Primary School with Children's Social Care \(MASH\),fewer than 5/);
      for (const secret of ['PD-2026', 'HPS-4411', 'J.B.', 'Alex Morgan', 'Referral closed']) assert.ok(!csv.includes(secret), `the return holds "${secret}"`);
      // A replayed consent from someone else gets nothing.
      const replay = await w.h.post({ ...message(w.h, bb.alex, ''), type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'accept', context: offer.content.acceptContext, uploadInfo: { name: offer.name, uploadUrl: `${w.h.connector.url}upload/stolen.csv`, uniqueId: 'p2', fileType: 'csv' } } });
      assert.equal(res.status, 200);
      assert.equal(replay.status, 200);
      assert.equal(w.h.connector.uploads.get('stolen.csv'), undefined);
      // The Excel workbook: the same rows, counts as numbers where they are numbers.
      const xlsxOffer = offers[0];
      await w.h.post({ ...message(w.h, bb.chris, ''), type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'accept', context: xlsxOffer.content.acceptContext, uploadInfo: { name: xlsxOffer.name, uploadUrl: `${w.h.connector.url}upload/picture.xlsx`, uniqueId: 'p3', fileType: 'xlsx' } } });
      const book = new Workbook();
      await book.xlsx.load(w.h.connector.uploads.get('picture.xlsx')!.bytes as never);
      const sheet = book.getWorksheet('Return')!;
      const cells = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
      assert.deepEqual(cells(1), ['Section', 'Item', 'Count']);
      assert.deepEqual(cells(2), ['Disputes raised', '2026-10-01 to 2026-12-31', 'fewer than 5']);
    } finally {
      await w.close();
    }
  });
});
