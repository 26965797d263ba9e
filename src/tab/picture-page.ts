import { DateTime } from 'luxon';
import type { Count, PartnershipPicture } from '../analytics/picture';
import type { ProtocolChoice } from '../protocols/protocol-file';
import { resolveRoute } from '../protocols/protocol-file';

const ZONE = 'Europe/London';

/** Text for HTML: everything the page shows passes through here. */
export const html = (value: string | number): string =>
  String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const ukDay = (iso: string) => DateTime.fromISO(iso).setZone(ZONE).toFormat('d MMMM yyyy');
const ukMoment = (iso: string) => DateTime.fromISO(iso).setZone(ZONE).toFormat("EEE d MMM yyyy, HH:mm");
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Each level's timescale in words, across the protocol's routes ("1 working day", "2 or 5 working days"). */
export function timescales(protocol: ProtocolChoice): Map<string, string> {
  const days = new Map<string, Set<number>>();
  for (const route of protocol.definition.routes) {
    for (const level of resolveRoute(protocol.definition, route.id, protocol.settings).levels) {
      days.set(level.label, (days.get(level.label) ?? new Set()).add(level.workingDays));
    }
  }
  return new Map(
    [...days].map(([label, set]) => {
      const sorted = [...set].sort((a, b) => a - b);
      const words = sorted.length === 1 ? String(sorted[0]) : `${sorted.slice(0, -1).join(', ')} or ${sorted.at(-1)}`;
      return [label, `${words} working ${sorted.length === 1 && sorted[0] === 1 ? 'day' : 'days'}`];
    }),
  );
}

interface Figure {
  id: string;
  title: string;
  /** How the page draws it: bars across (long labels) or up, or no chart at all. */
  chart: 'bar' | 'hbar' | 'none';
  head: string[];
  /** The columns the chart draws (numbers in every row); the first column is each bar's label. */
  series?: number[];
  rows: { cells: (string | number)[]; note?: string }[];
  /** Shown instead of an empty table. */
  empty: string;
}

function table(f: Figure): string {
  if (f.rows.length === 0) return `<p class="empty">${html(f.empty)}</p>`;
  const series = f.series ?? [1];
  // A column of figures is right-aligned, heading and all; a column of words is not.
  const numeric = f.head.map((_, i) => i > 0 && f.rows.some((r) => typeof r.cells[i] === 'number'));
  const align = (i: number) => (numeric[i] ? ' class="number"' : '');
  const head = f.head.map((h, i) => `<th scope="col"${align(i)}${f.chart !== 'none' && series.includes(i) ? ' data-series' : ''}>${html(h)}</th>`).join('');
  const rows = f.rows
    .map((r) => {
      const [label, ...values] = r.cells;
      const cells = values.map((v, i) => (typeof v === 'number' ? `<td class="number" data-value="${v}">${v}</td>` : `<td${align(i + 1)}>${html(v)}</td>`)).join('');
      return `<tr${r.note ? ' class="flagged"' : ''}><th scope="row">${html(label!)}${r.note ? ` <span class="flag">${html(r.note)}</span>` : ''}</th>${cells}</tr>`;
    })
    .join('');
  return `<table id="${f.id}-table"><caption>${html(f.title)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function section(f: Figure, intro = ''): string {
  const chart = f.chart !== 'none' && f.rows.length ? ` data-chart="${f.chart}"` : '';
  return `<section aria-labelledby="${f.id}-heading" id="${f.id}"><h2 id="${f.id}-heading">${html(f.title)}</h2>${intro}<figure${chart}>${table(f)}</figure></section>`;
}

const counts = (id: string, title: string, head: string, list: Count[], chart: Figure['chart'] = 'hbar', empty = 'None in this period.'): Figure => ({
  id,
  title,
  chart,
  head: [head, 'Disputes'],
  rows: list.map((c) => ({ cells: [c.label, c.count] })),
  empty,
});

export interface PictureContext {
  /** Every agency in the directory: one that neither raises nor is raised against still shows, with 0. */
  agencies: string[];
  timescales: Map<string, string>;
  /** The period is everything kept: say "up to", not a first day nobody chose. */
  wholeHistory?: boolean;
}

/**
 * The picture as the tab and its printable page show it: a section per question, each a table
 * (what a screen reader reads, and what the page's chart is drawn from). Counts only; the open
 * disputes by reference and level. Nothing about a child, no names, nothing typed.
 */
export function pictureSections(p: PartnershipPicture, ctx: PictureContext): string {
  const lastDay = DateTime.fromISO(p.to).setZone(ZONE).minus({ days: 1 }).toISO()!;
  const open = p.open.length;
  const when = ctx.wholeHistory ? `up to ${ukDay(lastDay)}` : `from ${ukDay(p.from)} to ${ukDay(lastDay)}`;
  const summary = `<section aria-labelledby="summary-heading" id="summary"><h2 id="summary-heading">Summary</h2><p class="lead"><strong data-figure="raised">${p.raised}</strong> ${p.raised === 1 ? 'dispute was' : 'disputes were'} raised ${html(when)}; <strong data-figure="open">${open}</strong> ${open === 1 ? 'is' : 'are'} still open.</p></section>`;
  if (p.raised === 0) return `${summary}<p class="empty">No disputes were raised in this period. Choose another period above.</p>`;

  const raisedBy = new Map(p.raisers.map((c) => [c.label, c.count]));
  const against = new Map(p.raisedAgainst.map((c) => [c.label, c.count]));
  const agencies = [...new Set([...ctx.agencies, ...raisedBy.keys(), ...against.keys()])].sort((a, b) => (raisedBy.get(b) ?? 0) - (raisedBy.get(a) ?? 0) || a.localeCompare(b));
  const neverRaised = agencies.filter((a) => !raisedBy.get(a));

  const stages: Figure = {
    id: 'stage-times',
    title: 'Time at each level against its timescale',
    chart: 'bar',
    head: ['Level', 'Reached', 'Past its timescale', 'Median working days there', 'Timescale'],
    series: [1, 2],
    rows: p.stageTimes.map((t) => ({
      cells: [t.label, t.reached, t.breached, t.medianWorkingDays === null ? 'none has left it yet' : t.medianWorkingDays, ctx.timescales.get(t.label) ?? '—'],
      ...(t.breached ? { note: `${plural(t.breached, 'past its timescale', 'past their timescale')}` } : {}),
    })),
    empty: 'None in this period.',
  };
  const agencyFigure: Figure = {
    id: 'agencies',
    title: 'Which agencies raise, and which are raised against',
    chart: 'hbar',
    head: ['Agency', 'Raised', 'Raised against'],
    series: [1, 2],
    rows: agencies.map((a) => ({ cells: [a, raisedBy.get(a) ?? 0, against.get(a) ?? 0] })),
    empty: 'None in this period.',
  };
  const agenciesIntro = neverRaised.length
    ? `<p>${html(neverRaised.length === 1 ? 'One agency' : `${neverRaised.length} agencies`)} raised none in this period: ${html(neverRaised.join('; '))}.</p>`
    : '';
  const openFigure: Figure = {
    id: 'open',
    title: 'Open disputes by due time',
    chart: 'none',
    head: ['Reference', 'Level', 'Due (UK time)'],
    rows: p.open.map((o) => ({ cells: [o.reference, o.level, ukMoment(o.dueAt)] })),
    empty: 'None of the disputes raised in this period is still open.',
  };
  return [
    summary,
    section(counts('routes', 'Raised by route', 'Route', p.byRoute, 'bar')),
    section(counts('pairs', 'Raised by agency pair', 'Raised by, with', p.byAgencyPair)),
    section(counts('furthest', 'How far each went', 'Furthest level reached', p.furthest, 'bar')),
    section(stages, '<p>A level is past its timescale when it was left after its due time, or is still waiting past it.</p>'),
    section(counts('outcomes', 'Outcomes', 'Outcome', p.outcomes, 'bar')),
    section(counts('themes', 'Themes chosen at closure', 'Theme', p.themes, 'hbar', 'No themes were chosen at closure in this period.')),
    section(counts('unclear', 'What was unclear in the protocol or the Thresholds Document', 'Where', p.unclear, 'hbar', 'Nobody said anything was unclear in this period.')),
    section(counts('helped', 'What helped', 'What', p.helped, 'hbar', 'Nobody said what helped in this period.')),
    section(counts('hindered', 'What got in the way', 'What', p.hindered, 'hbar', 'Nobody said what got in the way in this period.')),
    section(agencyFigure, agenciesIntro),
    section(openFigure),
  ].join('');
}

/** The periods offered: this quarter so far, the seven before it, and the whole history. */
export function periodChoices(now: Date): { value: string; label: string }[] {
  const current = DateTime.fromJSDate(now, { zone: ZONE }).startOf('quarter');
  const quarters = [...Array(8).keys()].map((i) => {
    const q = current.minus({ quarters: i });
    const value = `${q.year}-Q${q.quarter}`;
    const months = `${q.toFormat('MMMM')} to ${q.plus({ months: 2 }).toFormat('MMMM yyyy')}`;
    return { value, label: i === 0 ? `${value} so far (${months})` : `${value} (${months})` };
  });
  return [...quarters, { value: 'all', label: 'The whole history' }];
}

export interface TabPageOptions {
  partnershipName: string;
  signIn: 'teams' | 'local';
  periods: { value: string; label: string }[];
  /** Local development only: the people the developer may sign in as. */
  people?: { id: string; name: string; role: string }[];
}

/**
 * The tab's page: no data in it (that comes after sign-in), the period chooser, and where the
 * picture goes. The same page prints as the board's printable page.
 */
export function tabPage(o: TabPageOptions): string {
  const periods = o.periods.map((p, i) => `<option value="${html(p.value)}"${i === 0 ? ' selected' : ''}>${html(p.label)}</option>`).join('');
  const local = o.signIn === 'local'
    ? `<form id="local-sign-in" class="local"><p><strong>Local development:</strong> outside Teams there is no single sign-on, so choose whom to be. This form exists only when the bot runs with authentication off.</p><label for="local-person">Sign in as</label> <select id="local-person">${(o.people ?? []).map((p) => `<option value="${html(p.id)}">${html(p.name)} (${html(p.role)})</option>`).join('')}</select> <button type="submit">Sign in</button></form>`
    : '';
  const teamsScript = o.signIn === 'teams' ? '<script src="/tab/vendor/teams-js.js"></script>' : '';
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Professional disagreements: the partnership's picture</title>
<link rel="stylesheet" href="/tab/assets/tab.css">
</head>
<body data-sign-in="${o.signIn}">
<header>
<h1>Professional disagreements: the partnership's picture</h1>
<p class="partnership">${html(o.partnershipName)}. Counts of the disagreements raised in a period: nothing about any child, no names, nothing anyone typed.</p>
</header>
<main>
${local}
<form id="period" class="controls" hidden>
<div><label for="period-choice">Period</label> <select id="period-choice" name="period">${periods}<option value="custom">Dates of your choice</option></select></div>
<div id="custom-dates" hidden><label for="period-from">From</label> <input type="date" id="period-from" name="from"> <label for="period-to">to</label> <input type="date" id="period-to" name="to"></div>
<div><button type="submit">Show</button></div>
</form>
<p id="status" role="status" aria-live="polite">Signing you in…</p>
<div id="actions" class="controls" hidden>
<button type="button" id="download-xlsx">Download the anonymised return (Excel)</button>
<button type="button" id="download-csv">Download it as CSV</button>
<button type="button" id="print">Print this page</button>
</div>
<div id="picture"></div>
</main>
${teamsScript}
<script src="/tab/vendor/chart.js"></script>
<script src="/tab/assets/tab.js"></script>
</body>
</html>
`;
}
