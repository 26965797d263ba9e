import { DateTime } from 'luxon';
import { THEME_TITLES } from '../domain/narrative';
import type { Theme } from '../domain/dispute';
import type { WorkingCalendar } from '../domain/working-days';
import type { DisputeSummary } from './summary';

export interface Count {
  label: string;
  count: number;
}

export interface StageTime {
  label: string;
  /** Disputes that reached the level in the period. */
  reached: number;
  /** Median working days spent at the level, by those that left it. */
  medianWorkingDays: number | null;
  /** Left after its due moment, or still there past it. */
  breached: number;
}

/**
 * The partnership's picture of its disagreements for a period (disputes raised in it): by
 * route and agency pair, how far each went, time at each level against its timescale, outcomes,
 * themes, who raises and who is raised against, and the open disputes by due time (reference and
 * level only). Counts only: no names, no child, nothing typed.
 */
export interface PartnershipPicture {
  from: string;
  to: string;
  raised: number;
  byRoute: Count[];
  byAgencyPair: Count[];
  furthest: Count[];
  stageTimes: StageTime[];
  outcomes: Count[];
  themes: Count[];
  /** What the people involved said at closure helped, got in the way, and was unclear in the protocol or the Thresholds Document. */
  helped: Count[];
  hindered: Count[];
  unclear: Count[];
  raisers: Count[];
  raisedAgainst: Count[];
  open: { reference: string; level: string; dueAt: string }[];
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Working days between two moments, to a tenth. */
const workingDaysBetween = (calendar: WorkingCalendar, from: Date, to: Date): number => Math.round(calendar.workingDaysBetween(from, to) * 10) / 10;

const OUTCOMES = { agreed: 'Agreed outcome', withdrawn: 'Withdrawn', decided: 'Decided at the last level' } as const;

/**
 * The picture counted one summary at a time, so a period of any length is read page by page
 * and never held whole: what it keeps is the counts, each level's stays (numbers) and the open
 * disputes' reference, level and due time.
 */
export class PictureTally {
  private raised = 0;
  private readonly counts = { route: new Map<string, number>(), pair: new Map<string, number>(), furthest: new Map<string, number>(), outcome: new Map<string, number>(), theme: new Map<string, number>(), helped: new Map<string, number>(), hindered: new Map<string, number>(), unclear: new Map<string, number>(), raiser: new Map<string, number>(), against: new Map<string, number>() };
  private readonly levels = new Map<string, { label: string; reached: number; spent: number[]; breached: number }>();
  private readonly open: PartnershipPicture['open'] = [];
  private readonly fromIso: string;
  private readonly toIso: string;
  private readonly nowIso: string;

  constructor(private readonly from: Date, private readonly to: Date, now: Date, private readonly calendar: WorkingCalendar) {
    this.fromIso = from.toISOString();
    this.toIso = to.toISOString();
    this.nowIso = now.toISOString();
  }

  add(s: DisputeSummary): void {
    if (s.raisedAt < this.fromIso || s.raisedAt >= this.toIso) return;
    this.raised++;
    const bump = (map: Map<string, number>, label: string) => map.set(label, (map.get(label) ?? 0) + 1);
    bump(this.counts.route, s.routeTitle);
    bump(this.counts.pair, `${s.raiserAgency} with ${s.respondentAgency}`);
    const last = s.visits.at(-1)?.label ?? 'Stage 1';
    bump(this.counts.furthest, last);
    bump(this.counts.outcome, s.outcome ? OUTCOMES[s.outcome] : 'Still open');
    s.themes.forEach((t: Theme) => bump(this.counts.theme, THEME_TITLES[t]));
    s.learning?.helped.forEach((t) => bump(this.counts.helped, t));
    s.learning?.hindered.forEach((t) => bump(this.counts.hindered, t));
    s.learning?.unclear.forEach((t) => bump(this.counts.unclear, t));
    bump(this.counts.raiser, s.raiserAgency);
    bump(this.counts.against, s.respondentAgency);
    for (const v of s.visits) {
      const key = `${String(v.stage).padStart(2, '0')}|${v.label}`;
      const level = this.levels.get(key) ?? { label: v.label, reached: 0, spent: [], breached: 0 };
      level.reached++;
      if (v.leftAt) level.spent.push(workingDaysBetween(this.calendar, new Date(v.enteredAt), new Date(v.leftAt)));
      if (v.due && (v.leftAt ? v.leftAt > v.due : this.nowIso > v.due)) level.breached++;
      this.levels.set(key, level);
    }
    if (s.status === 'open' && s.dueAt) this.open.push({ reference: s.reference, level: last, dueAt: s.dueAt });
  }

  result(): PartnershipPicture {
    const tally = (map: Map<string, number>): Count[] => [...map].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    return {
      from: this.from.toISOString(),
      to: this.to.toISOString(),
      raised: this.raised,
      byRoute: tally(this.counts.route),
      byAgencyPair: tally(this.counts.pair),
      furthest: tally(this.counts.furthest),
      stageTimes: [...this.levels].sort(([a], [b]) => a.localeCompare(b)).map(([, l]) => ({ label: l.label, reached: l.reached, medianWorkingDays: median(l.spent), breached: l.breached })),
      outcomes: tally(this.counts.outcome),
      themes: tally(this.counts.theme),
      helped: tally(this.counts.helped),
      hindered: tally(this.counts.hindered),
      unclear: tally(this.counts.unclear),
      raisers: tally(this.counts.raiser),
      raisedAgainst: tally(this.counts.against),
      open: [...this.open].sort((a, b) => a.dueAt.localeCompare(b.dueAt)),
    };
  }
}

export function partnershipPicture(summaries: DisputeSummary[], from: Date, to: Date, now: Date, calendar: WorkingCalendar): PartnershipPicture {
  const picture = new PictureTally(from, to, now, calendar);
  summaries.forEach((s) => picture.add(s));
  return picture.result();
}

/** A count as the anonymised return shows it: under 5 (but not none) is "fewer than 5". */
export const suppressed = (count: number): string => (count > 0 && count < 5 ? 'fewer than 5' : String(count));

/** The anonymised return's rows: section, item and count (counts under 5 as "fewer than 5"). No references. */
export function pictureRows(p: PartnershipPicture): string[][] {
  const rows: string[][] = [['Section', 'Item', 'Count']];
  const ukDay = (iso: string) => DateTime.fromISO(iso).setZone('Europe/London').toISODate();
  rows.push(['Disputes raised', `${ukDay(p.from)} to ${DateTime.fromISO(p.to).setZone('Europe/London').minus({ days: 1 }).toISODate()}`, suppressed(p.raised)]);
  const section = (name: string, counts: Count[]) => counts.forEach((c) => rows.push([name, c.label, suppressed(c.count)]));
  section('Raised by route', p.byRoute);
  section('Raised by agency pair', p.byAgencyPair);
  section('Furthest level reached', p.furthest);
  p.stageTimes.forEach((t) => {
    rows.push(['Reached level', t.label, suppressed(t.reached)]);
    rows.push(['Past its timescale at level', t.label, suppressed(t.breached)]);
    rows.push(['Median working days at level', t.label, t.medianWorkingDays === null ? 'none left it' : String(t.medianWorkingDays)]);
  });
  section('Outcome', p.outcomes);
  section('Theme chosen at closure', p.themes);
  section('Helped, said at closure', p.helped);
  section('Got in the way, said at closure', p.hindered);
  section('Unclear, said at closure', p.unclear);
  section('Agency that raised', p.raisers);
  section('Agency raised against', p.raisedAgainst);
  return rows;
}

/**
 * One CSV cell. A value a spreadsheet would read as a formula (starting with =, +, -, @, a tab
 * or a carriage return: OWASP's CSV injection rule) is prefixed with a single quote, so Excel
 * shows it as text; then quoted where it holds a quote, comma or line break.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The anonymised return for the board's report and for inspections, as CSV. */
export function pictureCsv(p: PartnershipPicture): string {
  return pictureRows(p).map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * The same return as an Excel workbook (exceljs): a header row that is a real table header,
 * counts as numbers where they are numbers, the period in the sheet's title.
 */
export async function pictureXlsx(p: PartnershipPicture, partnership: string): Promise<Buffer> {
  // Loaded when a return is asked for, not at start-up.
  const excel = (await import('exceljs')) as typeof import('exceljs') & { default?: typeof import('exceljs') };
  const Workbook = excel.Workbook ?? excel.default!.Workbook;
  const book = new Workbook();
  book.creator = partnership;
  book.title = 'Professional disagreements: anonymised return';
  const sheet = book.addWorksheet('Return', { views: [{ state: 'frozen', ySplit: 1 }] });
  const [header, ...rows] = pictureRows(p);
  sheet.columns = [{ width: 32 }, { width: 60 }, { width: 14 }];
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow([row[0], row[1], /^\d+(\.\d+)?$/.test(row[2]!) ? Number(row[2]) : row[2]]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The anonymised return as a named file: "Professional disagreements 2026-Q4.xlsx". */
export async function returnFile(p: PartnershipPicture, label: string, format: 'csv' | 'xlsx', partnership: string): Promise<{ name: string; bytes: Buffer; contentType: string }> {
  const name = `Professional disagreements ${label}.${format}`;
  if (format === 'csv') return { name, bytes: Buffer.from(pictureCsv(p), 'utf8'), contentType: 'text/csv; charset=utf-8' };
  return { name, bytes: await pictureXlsx(p, partnership), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
