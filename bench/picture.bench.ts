/**
 * The partnership's picture at 100,000 disputes (a partnership's whole history), measured:
 *  1. counting it: the tally the bot uses (a page of 1,000 summaries at a time) against the
 *     baseline of holding every summary and counting them whole, each in a fresh process, for
 *     time and for the memory each holds at its peak;
 *  2. the page the tab shows (HTML from the picture);
 *  3. reading summaries through the real @azure/cosmos SDK from the embedded Cosmos DB protocol
 *     server at 1,000 and 10,000 disputes (it scans every item, so 100,000 is not read here).
 * Prints its figures and writes them into docs/performance.md between the picture markers.
 *
 * PICTURE_SIZES (1000,10000,100000), PICTURE_READ (1000,10000): other sizes.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PartnershipPicture, partnershipPicture, PictureTally } from '../src/analytics/picture';
import type { DisputeSummary } from '../src/analytics/summary';
import type { Theme } from '../src/domain/dispute';
import { WorkingCalendar } from '../src/domain/working-days';
import { connectStore } from '../src/store/cosmos-connection';
import { DisputeRepository } from '../src/store/dispute-repository';
import { pictureSections } from '../src/tab/picture-page';

const SIZES = (process.env.PICTURE_SIZES ?? '1000,10000,100000').split(',').map(Number);
const READS = (process.env.PICTURE_READ ?? '1000,10000').split(',').map(Number);
const PAGE = 1000;
const FROM = new Date('2021-01-01T00:00:00Z');
const TO = new Date('2026-12-01T00:00:00Z');
const NOW = new Date('2026-11-30T12:00:00Z');

const AGENCIES = ['Children\'s Social Care', 'Police', 'Health Visiting', 'School Nursing', 'Primary schools', 'Secondary schools', 'Early years', 'Adult mental health', 'Probation', 'Housing', 'Youth justice', 'GP practices'];
const THEMES: Theme[] = ['thresholds', 'assessment-outcome', 'plan-progress', 'information-sharing', 'service-provision', 'roles-and-responsibilities', 'other'];
const ROUTES = ['Disagreement between agencies', 'Disagreement about a child protection plan', 'Disagreement with a conference decision'];

/** A deterministic mix like a partnership's: most agreed at Stage 1 or 2, some to the board, a few open. */
export function syntheticSummaries(n: number): DisputeSummary[] {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const span = TO.getTime() - FROM.getTime();
  const day = 86_400_000;
  return Array.from({ length: n }, (_, i) => {
    const raised = FROM.getTime() + Math.floor((i / n) * span) + Math.floor(random() * 3_600_000);
    const levels = 1 + (random() < 0.45 ? 1 : 0) + (random() < 0.3 ? 1 : 0) + (random() < 0.15 ? 1 : 0);
    const open = raised > NOW.getTime() - 20 * day && random() < 0.6;
    let at = raised;
    const visits = Array.from({ length: levels }, (_, v) => {
      const enteredAt = new Date(at).toISOString();
      const due = new Date(at + [1, 2, 2, 5][v]! * day * 1.4).toISOString();
      at += Math.floor(random() * [2, 3, 3, 7][v]! * day);
      const last = v === levels - 1;
      return { stage: v + 1, label: `Stage ${v + 1}`, enteredAt, due, ...(last && open ? {} : { leftAt: new Date(at).toISOString() }) };
    });
    const raiser = pick(AGENCIES);
    const summary: DisputeSummary = {
      reference: `PD-${new Date(raised).getUTCFullYear()}-${String(i % 10000).padStart(4, '0')}`,
      route: 'standard',
      routeTitle: pick(ROUTES),
      raiserAgency: raiser,
      respondentAgency: pick(AGENCIES.filter((a) => a !== raiser)),
      raisedAt: new Date(raised).toISOString(),
      status: open ? 'open' : 'closed',
      themes: open ? [] : [pick(THEMES)],
      visits,
      ...(open ? { dueAt: visits.at(-1)!.due } : { outcome: random() < 0.8 ? 'agreed' : random() < 0.5 ? 'withdrawn' : 'decided', closedAt: visits.at(-1)!.leftAt! }),
    };
    return summary;
  });
}

/** One way of counting, in a process of its own so its memory is its alone. */
function counting(mode: 'tally' | 'whole', n: number): Promise<{ ms: number; peakHeapMb: number; raised: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--count', mode, String(n)], { execArgv: ['--require', 'tsx/cjs', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve(m as { ms: number; peakHeapMb: number; raised: number }));
    child.once('error', reject);
  });
}

/** In the child: the summaries arrive as the store's pages of JSON; count them one way or the other. */
async function countInChild(mode: 'tally' | 'whole', n: number): Promise<void> {
  const pages: string[] = [];
  const all = syntheticSummaries(n);
  for (let i = 0; i < all.length; i += PAGE) pages.push(JSON.stringify({ Documents: all.slice(i, i + PAGE).map((summary) => ({ summary })) }));
  all.length = 0;
  global.gc!();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().heapUsed));
  const calendar = new WorkingCalendar();
  const started = performance.now();
  let picture: PartnershipPicture;
  if (mode === 'tally') {
    const tally = new PictureTally(FROM, TO, NOW, calendar);
    for (const page of pages) {
      for (const row of (JSON.parse(page) as { Documents: { summary: DisputeSummary }[] }).Documents) tally.add(row.summary);
      sample();
    }
    picture = tally.result();
  } else {
    const held: DisputeSummary[] = [];
    for (const page of pages) {
      for (const row of (JSON.parse(page) as { Documents: { summary: DisputeSummary }[] }).Documents) held.push(row.summary);
      sample();
    }
    picture = partnershipPicture(held, FROM, TO, NOW, calendar);
    sample();
  }
  const ms = performance.now() - started;
  process.send!({ ms, peakHeapMb: (peak - base) / 1048576, raised: picture.raised });
  process.exit(0);
}

async function main(): Promise<void> {
  const lines: string[] = [];
  const say = (line: string) => {
    console.log(line);
    lines.push(line);
  };
  const bytes = syntheticSummaries(1000).reduce((sum, s) => sum + JSON.stringify({ summary: s }).length, 0) / 1000;
  say(`Run ${new Date().toISOString().slice(0, 10)} on ${process.version}. One summary is about ${Math.round(bytes)} bytes as the store returns it, so 100,000 are about ${Math.round((bytes * 100_000) / 1048576)} MB in ${100_000 / PAGE} pages.`);
  say('');
  say('| disputes counted | tally, a page at a time: time | its peak heap | baseline, every summary held: time | its peak heap |');
  say('|---|---|---|---|---|');
  for (const n of SIZES) {
    const tally = await counting('tally', n);
    const whole = await counting('whole', n);
    if (tally.raised !== n || whole.raised !== n) throw new Error(`counted ${tally.raised} and ${whole.raised} of ${n}`);
    say(`| ${n.toLocaleString('en-GB')} | ${Math.round(tally.ms)} ms | ${tally.peakHeapMb.toFixed(1)} MB | ${Math.round(whole.ms)} ms | ${whole.peakHeapMb.toFixed(1)} MB |`);
  }
  const largest = Math.max(...SIZES);
  const picture = partnershipPicture(syntheticSummaries(largest), FROM, TO, NOW, new WorkingCalendar());
  let started = performance.now();
  const page = pictureSections(picture, { agencies: AGENCIES, timescales: new Map() });
  say('');
  say(`The tab's page for ${largest.toLocaleString('en-GB')} disputes: ${(page.length / 1024).toFixed(0)} KB of HTML (${picture.open.length} open disputes listed), built in ${(performance.now() - started).toFixed(1)} ms.`);

  say('');
  say('Read through the real SDK from the embedded Cosmos DB protocol server (a projection of the summary on `raisedAt`, pages of 1,000):');
  say('');
  say('| disputes stored | read and counted | pages |');
  say('|---|---|---|');
  for (const n of READS) {
    const store = await connectStore({ kind: 'embedded', database: `picture-bench-${n}` });
    try {
      const summaries = syntheticSummaries(n);
      for (let i = 0; i < summaries.length; i += 50) {
        await Promise.all(summaries.slice(i, i + 50).map((summary, j) => store.disputes.items.create({ id: `d-${i + j}`, disputeId: `d-${i + j}`, type: 'dispute', raisedAt: summary.raisedAt, summary })));
      }
      const repository = new DisputeRepository(store.disputes);
      const tally = new PictureTally(FROM, TO, NOW, new WorkingCalendar());
      let count = 0;
      started = performance.now();
      await repository.eachSummaryRaisedBetween(FROM, TO, (s) => (count++, tally.add(s)));
      const ms = performance.now() - started;
      if (tally.result().raised !== n || count !== n) throw new Error(`read ${count} of ${n}`);
      say(`| ${n.toLocaleString('en-GB')} | ${Math.round(ms)} ms | ${Math.ceil(n / PAGE)} |`);
    } finally {
      await store.close();
    }
  }

  const doc = path.join(__dirname, '..', 'docs', 'performance.md');
  const text = fs.readFileSync(doc, 'utf8');
  const [before, rest] = text.split('<!-- picture -->');
  const after = rest?.split('<!-- /picture -->')[1];
  if (before === undefined || after === undefined) throw new Error('docs/performance.md has no <!-- picture --> markers');
  fs.writeFileSync(doc, `${before}<!-- picture -->\n${lines.join('\n')}\n<!-- /picture -->${after}`);
}

if (process.argv[2] === '--count') {
  void countInChild(process.argv[3] as 'tally' | 'whole', Number(process.argv[4]));
} else if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
