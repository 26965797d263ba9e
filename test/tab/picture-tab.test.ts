import assert from 'node:assert/strict';
import { PARTNERSHIP_TENANT, POLICE_TENANT } from '../support/teams-people';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Workbook } from 'exceljs';
import { Browser, chromium, Frame, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import sinon from 'sinon';
import { partnershipPicture } from '../../src/analytics/picture';
import { summarize } from '../../src/analytics/summary';
import type { Dispute } from '../../src/domain/dispute';
import { WorkingCalendar } from '../../src/domain/working-days';
import { Harness, startHarness } from '../support/bot-harness';
import { seededQuarter, storedHead, uk } from '../support/dispute-fixtures';
import { LoopbackIssuer } from '../support/loopback-issuer';
import { KEY_FAILURE_KEPT_MS } from '../../src/tab/tab-sign-in';
import { CHROMIUM, CHROMIUM_ARGS, ensureChromium } from '../support/playground';
import { frameInTeams, TEAMS_ORIGIN } from '../support/teams-host';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const TENANT_ID = PARTNERSHIP_TENANT;
const DOMAIN = 'pd-bot.example.net';
const OUT = path.join(__dirname, '..', '..', 'test-output');

/** Entra object ids from the sample directory. */
const oid = {
  chris: '00000000-0000-0000-0000-0000000000e5', // secretariat
  kate: '00000000-0000-0000-0000-0000000000a8', // board
  alex: '00000000-0000-0000-0000-0000000000a1', // a professional
  stranger: '00000000-0000-0000-0000-000000000999', // not in the directory
};

/** Everything typed or identifying in the seeded disputes: none of it may reach the tab. */
const SECRETS = ['HPS-4411', 'J.B.', 'Alex Morgan', 'Sam Taylor', 'Priya', 'Referral closed with no further action', 'Arrives hungry', 'Phoned the duty desk', 'Early help', 'Resolved by phone', 'Policy question'];

/** The seeded quarter in the store, each with its own reference. */
async function seed(h: Harness): Promise<Dispute[]> {
  const disputes = seededQuarter().map((d, i) => ({ ...d, id: `tab-${i}`, reference: `PD-2026-${String(i + 1).padStart(4, '0')}` }));
  for (const d of disputes) await h.host.repository.create(storedHead(d, d.id, TENANT_ID));
  return disputes;
}

describe('the partnership\'s picture tab: signed in with Teams single sign-on, verified on the server', function () {
  this.timeout(60_000);
  let h: Harness;
  let issuer: LoopbackIssuer;
  // Each signs in to their own tenant: Kate Hughes to the Police's, through the shared channel.
  const token = (who: string, extra: Partial<Parameters<LoopbackIssuer['teamsToken']>[0]> = {}) => issuer.teamsToken({ oid: who, tid: who === oid.kate ? POLICE_TENANT : TENANT_ID, aud: `api://${DOMAIN}/${APP_ID}`, ...extra });
  const get = (pathname: string, bearer?: string) => fetch(`${h.url}${pathname}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

  before(async () => {
    issuer = await new LoopbackIssuer().start();
    h = await startHarness(
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-used-offline', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: TENANT_ID, ALLOWED_TENANT_IDS: `${TENANT_ID},${POLICE_TENANT}`, BOT_DOMAIN: DOMAIN },
      { tabMetadataUrl: issuer.metadataUrl },
    );
    h.setNow(uk('2027-01-15T12:00'));
    await seed(h);
  });
  after(async () => {
    await h?.close();
    issuer?.stop();
  });

  it('gives the secretariat the quarter\'s counts, and a board member the same; the page itself holds no data', async () => {
    const page = await get('/tab');
    assert.equal(page.status, 200);
    const shell = await page.text();
    assert.match(shell, /data-sign-in="teams"/);
    assert.doesNotMatch(shell, /PD-2026|Hillside/);
    assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors [^;]*https:\/\/teams\.microsoft\.com/);

    for (const who of [oid.chris, oid.kate]) {
      const res = await get('/tab/api/picture?period=2026-Q4', token(who));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const { html } = (await res.json()) as { html: string };
      // Ten raised in December and two in November (seededQuarter); five and both November ones still open.
      assert.match(html, /data-figure="raised">12</);
      assert.match(html, /data-figure="open">7</);
      assert.match(html, /<th scope="row">Hillside Primary School with Children&#39;s Social Care<\/th><td class="number" data-value="8">8<\/td>/);
      for (const secret of SECRETS) assert.ok(!html.includes(secret), `the tab shows "${secret}"`);
    }
  });

  it('verifies the token: no token, a forged one, another app\'s, an expired one, another tenant\'s and one without the tab\'s scope are refused 401', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = '12121212-3434-5656-7878-909090909090';
    const refused = [
      undefined,
      issuer.teamsToken({ oid: oid.chris, tid: TENANT_ID, aud: `api://${DOMAIN}/${APP_ID}` }, stranger.privateKey),
      token(oid.chris, { aud: 'api://elsewhere.example/another-app' }),
      token(oid.chris, { expiresIn: -600 }),
      token(oid.chris, { tid: other }),
      token(oid.chris, { iss: `https://login.microsoftonline.com/${other}/v2.0` }),
      token(oid.chris, { scp: 'User.Read' }),
      'not-a-token',
    ];
    const before = h.logs.lines.length;
    for (const [i, bearer] of refused.entries()) {
      const res = await get('/tab/api/picture?period=2026-Q4', bearer);
      assert.equal(res.status, 401, `case ${i}`);
      assert.deepEqual(await res.json(), { error: 'Please sign in again.' });
    }
    const lines = h.logs.lines.slice(before).join('\n');
    assert.equal(h.logs.lines.slice(before).filter((l) => /tab request refused/.test(l)).length, refused.length);
    assert.ok(!lines.includes(refused[1]!.slice(0, 40)), 'no token is logged');
    // The app id itself is accepted as the audience (v2 tokens), once signed by the issuer.
    assert.equal((await get('/tab/api/picture?period=2026-Q4', token(oid.chris, { aud: APP_ID }))).status, 200);
  });

  it('refuses anyone else who signs in, with words saying who it is for, and offers no local sign-in', async () => {
    for (const who of [oid.alex, oid.stranger]) {
      const res = await get('/tab/api/picture?period=2026-Q4', token(who));
      assert.equal(res.status, 403);
      assert.match(((await res.json()) as { error: string }).error, /for the secretariat and the board members named in the partnership directory/);
      assert.equal((await get('/tab/api/return.csv?period=2026-Q4', token(who))).status, 403);
    }
    const local = await fetch(`${h.url}/tab/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: 'user-chris' }) });
    assert.equal(local.status, 404, 'with a bot identity there is no local sign-in');
  });

  it('answers 503 with words when the signing keys cannot be read, and recovers when they can', async () => {
    const fresh = await startHarness(
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-used-offline', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: TENANT_ID, ALLOWED_TENANT_IDS: `${TENANT_ID},${POLICE_TENANT}`, BOT_DOMAIN: DOMAIN },
      { tabMetadataUrl: issuer.metadataUrl },
      { store: h.store, connector: h.connector },
    );
    const ask = (bearer: string) => fetch(`${fresh.url}/tab/api/picture?period=2026-Q4`, { headers: { authorization: `Bearer ${bearer}` } });
    const start = uk('2027-01-15T12:00');
    fresh.setNow(start);
    try {
      issuer.down = true;
      const res = await ask(token(oid.chris));
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '10');
      assert.match(((await res.json()) as { error: string }).error, /could not be checked just now/);
      // While Entra is unreachable, the failure is remembered: more requests, good or forged, call out no more.
      const calls = issuer.requests;
      for (let i = 0; i < 20; i++) assert.equal((await ask(i % 2 ? token(oid.chris) : token(oid.kate, { aud: 'api://elsewhere' }))).status, 503);
      assert.equal(issuer.requests, calls, 'a remembered failure makes no outbound call');
      // Something that is not a signed token is refused as such, without calling out, whatever Entra's state.
      assert.equal((await ask('not.a-token')).status, 401);
      assert.equal((await ask(`${Buffer.from('{"alg":"none"}').toString('base64url')}.e30.`)).status, 401);
      assert.equal(issuer.requests, calls);
      issuer.down = false;
      assert.equal((await ask(token(oid.chris))).status, 503, 'still within the time a failure is remembered');
      fresh.setNow(new Date(start.getTime() + KEY_FAILURE_KEPT_MS));
      assert.equal((await ask(token(oid.chris))).status, 200);
    } finally {
      issuer.down = false;
      await fresh.close();
    }
  });

  it('says the tab is not set up when the bot runs as a managed identity and no tab app registration is named', async () => {
    const msi = await startHarness(
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: TENANT_ID, ALLOWED_TENANT_IDS: `${TENANT_ID},${POLICE_TENANT}`, BOT_DOMAIN: DOMAIN },
      { tabMetadataUrl: issuer.metadataUrl },
      { store: h.store, connector: h.connector },
    );
    try {
      const res = await fetch(`${msi.url}/tab/api/picture?period=2026-Q4`, { headers: { authorization: `Bearer ${token(oid.chris)}` } });
      assert.equal(res.status, 503);
      assert.match(((await res.json()) as { error: string }).error, /not set up for single sign-on yet[\s\S]*TAB_APP_ID/);
    } finally {
      await msi.close();
    }
  });

  it('reads the store once for a period asked again within a minute (viewed, then downloaded), and anew for another period', async () => {
    const reads = sinon.spy(h.host.repository, 'eachSummaryRaisedBetween');
    try {
      await Promise.all([get('/tab/api/picture?from=2026-12-01&to=2026-12-31', token(oid.chris)), get('/tab/api/picture?from=2026-12-01&to=2026-12-31', token(oid.kate))]);
      assert.equal((await get('/tab/api/return.xlsx?from=2026-12-01&to=2026-12-31', token(oid.chris))).status, 200);
      assert.equal(reads.callCount, 1);
      await get('/tab/api/picture?from=2026-12-02&to=2026-12-31', token(oid.chris));
      assert.equal(reads.callCount, 2);
    } finally {
      reads.restore();
    }
  });

  it('answers 503 with words when the store fails, keeps nothing of the failure, and reads again on the next request', async () => {
    const failing = sinon.stub(h.host.repository, 'eachSummaryRaisedBetween').rejects(Object.assign(new Error('Request rate is large'), { code: 429 }));
    try {
      const res = await get('/tab/api/picture?from=2026-12-03&to=2026-12-31', token(oid.chris));
      assert.equal(res.status, 503);
      assert.match(((await res.json()) as { error: string }).error, /store is busy[\s\S]*try again/);
    } finally {
      failing.restore();
    }
    assert.equal((await get('/tab/api/picture?from=2026-12-03&to=2026-12-31', token(oid.chris))).status, 200);
  });

  it('refuses to start with a board member the directory gives no Entra object id (Teams could not sign them in), and names them', async () => {
    const sample = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'directory', 'sample-partnership.json'), 'utf8')) as { people: { id: string; aadObjectId?: string }[] };
    delete sample.people.find((p) => p.id === 'user-lou')!.aadObjectId;
    mkdirSync(OUT, { recursive: true });
    const file = path.join(OUT, 'directory-board-without-object-id.json');
    writeFileSync(file, JSON.stringify(sample));
    await assert.rejects(
      startHarness(
        { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-used-offline', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: TENANT_ID, BOT_DOMAIN: DOMAIN, DIRECTORY_FILE: file },
        { tabMetadataUrl: issuer.metadataUrl },
        { store: h.store, connector: h.connector },
      ),
      /DIRECTORY_FILE: person "user-lou" \(Lou Patel\) needs "aadObjectId"/,
    );
  });

  it('refuses a period it cannot read with 400 and words', async () => {
    for (const query of ['period=2026-Q9', 'from=2026-12-31&to=2026-10-01', 'from=2026-10-01']) {
      const res = await get(`/tab/api/picture?${query}`, token(oid.chris));
      assert.equal(res.status, 400, query);
      assert.ok(((await res.json()) as { error: string }).error.length > 10);
    }
  });

  it('downloads the anonymised return as CSV and Excel, counts under 5 as "fewer than 5" and no references', async () => {
    const csv = await get('/tab/api/return.csv?period=2026-Q4', token(oid.kate));
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="Professional disagreements 2026-Q4.csv"/);
    const text = await csv.text();
    assert.match(text, /Raised by agency pair,Hillside Primary School with Children's Social Care,8\r\n/);
    assert.match(text, /Raised by agency pair,Police with Children's Social Care,fewer than 5\r\n/);
    assert.ok(!text.includes('PD-2026'));
    const xlsx = await get('/tab/api/return.xlsx?period=2026-Q4', token(oid.kate));
    const book = new Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    assert.deepEqual((book.getWorksheet('Return')!.getRow(2).values as unknown[]).slice(1), ['Disputes raised', '2026-10-01 to 2026-12-31', 12]);
  });
});

/**
 * In a real browser (Debian's Chromium): the tab framed as Teams frames it. Teams itself cannot
 * run here, so a stand-in host (test/support/teams-host.ts) answers the real teams-js in the
 * tab, handing it a token from the loopback issuer: the page, teams-js and the bot are real.
 */
describe('the picture tab in a real browser', function () {
  this.timeout(120_000);
  let h: Harness;
  let issuer: LoopbackIssuer;
  let browser: Browser;
  let stored: Dispute[] = [];
  const seededInStore = async () => stored;

  before(async () => {
    ensureChromium();
    issuer = await new LoopbackIssuer().start();
    h = await startHarness(
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-used-offline', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: TENANT_ID, ALLOWED_TENANT_IDS: `${TENANT_ID},${POLICE_TENANT}`, BOT_DOMAIN: DOMAIN },
      { tabMetadataUrl: issuer.metadataUrl },
    );
    h.setNow(uk('2026-12-31T12:00'));
    stored = await seed(h);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    mkdirSync(OUT, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await h?.close();
    issuer?.stop();
  });

  /**
   * The tab as Teams opens it: framed by the stand-in Teams host, which answers the real
   * teams-js in the page with a token from the loopback issuer for the person given.
   */
  async function openTab(who: string, options: { bypassCSP?: boolean; height?: number; failure?: string; theme?: 'dark' } = {}): Promise<{ page: Page; tab: Frame; asked: string[]; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1100, height: options.height ?? 900 }, acceptDownloads: true, ...(options.bypassCSP ? { bypassCSP: true } : {}) });
    const token = options.failure ? { failure: options.failure } : issuer.teamsToken({ oid: who, tid: who === oid.kate ? POLICE_TENANT : TENANT_ID, aud: `api://${DOMAIN}/${APP_ID}` });
    const asked = await frameInTeams(context, { domain: DOMAIN, botUrl: h.url, token, ...(options.theme ? { theme: options.theme } : {}) });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${TEAMS_ORIGIN}/_#/apps/picture`);
    const tab = page.frame({ url: `https://${DOMAIN}/tab` }) ?? (await (await page.waitForSelector('iframe#tab')).contentFrame())!;
    return { page, tab, asked, problems };
  }

  /** A table's rows as the page shows them: the row's label and its numbers. */
  const rows = (tab: Frame, id: string) =>
    tab.$$eval(`#${id}-table tbody tr`, (trs) => trs.map((tr) => [(tr.querySelector('th')!.firstChild!.textContent ?? '').trim(), ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]));

  it('shows the seeded quarter\'s numbers in tables, with a chart drawn from each, and nothing identifying', async () => {
    // Tall enough for the whole tab in one screenshot.
    const { page, tab, asked, problems } = await openTab(oid.chris, { height: 4700 });
    await tab.getByRole('status').filter({ hasText: 'Showing 2026-Q4' }).waitFor();
    const expected = partnershipPicture((await seededInStore()).map(summarize), uk('2026-10-01T00:00'), uk('2027-01-01T00:00'), uk('2026-12-31T12:00'), new WorkingCalendar());
    // The seeded quarter: ten raised in December, two in November still at Stage 1.
    assert.equal(await tab.textContent('[data-figure="raised"]'), '12');
    assert.equal(await tab.textContent('[data-figure="open"]'), '7');
    assert.deepEqual(await rows(tab, 'pairs'), [
      ['Hillside Primary School with Children\'s Social Care', '8'],
      ['Police with Children\'s Social Care', '4'],
    ]);
    assert.deepEqual(Object.fromEntries((await rows(tab, 'furthest')).map(([l, n]) => [l, n])), { 'Stage 1': '7', 'Stage 2': '2', 'Stage 3': '2', 'Stage 4': '1' });
    assert.deepEqual(Object.fromEntries((await rows(tab, 'outcomes')).map(([l, n]) => [l, n])), { 'Agreed outcome': '3', 'Still open': '7', Withdrawn: '2' });
    assert.deepEqual(await rows(tab, 'themes'), [['Thresholds', '3']]);
    const stages = await rows(tab, 'stage-times');
    // The two November disputes are still at Stage 1 past its due time: marked, beside the timescale.
    assert.deepEqual(stages.find((r) => r[0] === 'Stage 1'), ['Stage 1', '12', '2', '0.6', '1 working day']);
    // Every level's row as the domain counts it for the same disputes and moment.
    assert.deepEqual(stages.map((r) => r.slice(0, 3)), expected.stageTimes.map((t) => [t.label, String(t.reached), String(t.breached)]));
    assert.ok(expected.stageTimes.some((t) => t.breached > 0), 'the seeded quarter has breaches to mark');
    assert.match((await tab.textContent('#stage-times-table')) ?? '', /past their timescale|past its timescale/, 'breaches are marked in words');
    // Police raised 4, the school 8, social care none: an agency that never raises still shows.
    const agencies = Object.fromEntries((await rows(tab, 'agencies')).map(([a, ...n]) => [a, n]));
    assert.deepEqual(agencies['Police'], ['4', '0']);
    assert.deepEqual(agencies['Children\'s Social Care'], ['0', '12']);
    assert.deepEqual(agencies['Health Visiting Service'], ['0', '0']);
    assert.deepEqual((await rows(tab, 'open')).map((r) => r.slice(0, 2)), expected.open.map((o) => [o.reference, o.level]));
    // A chart is drawn for each table that has one, named for screen readers; the tables stay.
    const charts = await tab.$$eval('figure[data-chart]', (figures) => figures.map((f) => ({ canvas: !!f.querySelector('canvas[role="img"][aria-label]'), drawn: (f.querySelector('canvas') as HTMLCanvasElement | null)?.width ?? 0, table: !!f.querySelector('table') })));
    assert.equal(charts.length, 7);
    assert.ok(charts.every((c) => c.canvas && c.drawn > 0 && c.table), JSON.stringify(charts));
    const text = (await tab.textContent('body')) ?? '';
    for (const secret of ['HPS-4411', 'J.B.', 'Alex Morgan', 'Sam Taylor', 'Referral closed', 'Arrives hungry', 'Early help', 'Resolved by phone', 'Policy question']) assert.ok(!text.includes(secret), `the tab shows "${secret}"`);
    const shot = await page.screenshot();
    writeFileSync(path.join(OUT, 'picture-tab.png'), shot);
    const pixels = PNG.sync.read(shot).data;
    let inked = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 128) inked++;
    assert.ok(inked > 50_000, `the screenshot shows the tab (${inked} dark pixels)`);
    assert.deepEqual(problems, []);
    assert.deepEqual(asked.filter((f) => f !== 'registerHandler'), ['initialize', 'getContext', 'authentication.getAuthToken'], 'the page asked Teams for its context and a token, through teams-js');
    await page.context().close();
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    // axe is put into the page by the test, which the page's own policy (scripts from itself only) refuses.
    const { page, tab } = await openTab(oid.chris, { bypassCSP: true });
    await tab.getByRole('status').filter({ hasText: 'Showing' }).waitFor();
    await tab.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const result = await tab.evaluate(async () => (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run());
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(serious.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`), []);
    await page.context().close();
  });

  it('another period, a download and the printable page from the tab', async () => {
    const { page, tab } = await openTab(oid.kate);
    await tab.getByRole('status').filter({ hasText: 'Showing 2026-Q4' }).waitFor();
    await tab.getByLabel('Period').selectOption('2026-Q3');
    await tab.getByRole('button', { name: 'Show' }).click();
    await tab.getByRole('status').filter({ hasText: 'Showing 2026-Q3' }).waitFor();
    assert.equal(await tab.textContent('[data-figure="raised"]'), '0');
    assert.match((await tab.textContent('#picture')) ?? '', /No disputes were raised in this period/);
    await tab.getByLabel('Period').selectOption('custom');
    await tab.getByLabel('From').fill('2026-11-01');
    await tab.getByLabel('to', { exact: true }).fill('2026-12-31');
    await tab.getByRole('button', { name: 'Show' }).click();
    await tab.getByRole('status').filter({ hasText: 'Showing 2026-11-01 to 2026-12-31' }).waitFor();
    assert.equal(await tab.textContent('[data-figure="raised"]'), '12');
    const [download] = await Promise.all([page.waitForEvent('download'), tab.getByRole('button', { name: 'Download it as CSV' }).click()]);
    assert.equal(download.suggestedFilename(), 'Professional disagreements 2026-11-01 to 2026-12-31.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    assert.match(csv, /^Section,Item,Count\r\nDisputes raised,2026-11-01 to 2026-12-31,12\r\n/);
    // Printed, the controls go and every table stays.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await tab.isVisible('#actions'), false);
    assert.equal(await tab.isVisible('#period'), false);
    assert.equal(await tab.isVisible('#pairs-table'), true);
    await page.context().close();
  });

  it('when Teams cannot give a token, says what to do', async () => {
    const { page, tab } = await openTab(oid.chris, { failure: 'resourceRequiresConsent' });
    await tab.getByRole('status').filter({ hasText: 'Teams could not sign you in' }).waitFor();
    assert.equal(await tab.isVisible('#actions'), false);
    await page.context().close();
  });

  it('follows Teams\' dark theme, charts included, so bars and labels stay readable', async () => {
    const { page, tab } = await openTab(oid.chris, { theme: 'dark' });
    await tab.getByRole('status').filter({ hasText: 'Showing' }).waitFor();
    assert.equal(await tab.getAttribute('body', 'data-theme'), 'dark');
    const drawn = await tab.$eval('#stage-times canvas', (canvas) => {
      const chart = (window as unknown as { Chart: { getChart(c: Element): { data: { datasets: { backgroundColor: string }[] }; options: { scales: { x: { ticks: { color: string } } } } } } }).Chart.getChart(canvas)!;
      return { bars: chart.data.datasets.map((d) => d.backgroundColor), ticks: chart.options.scales.x.ticks.color, page: getComputedStyle(document.body).backgroundColor };
    });
    assert.deepEqual(drawn, { bars: ['#8cb4e0', '#f0b070'], ticks: '#f0f0f0', page: 'rgb(31, 31, 31)' });
    await page.context().close();
  });

  it('tells a professional who opens it whom it is for, and shows no numbers', async () => {
    const { page, tab } = await openTab(oid.alex);
    await tab.getByRole('status').filter({ hasText: 'for the secretariat and the board members' }).waitFor();
    assert.equal(await tab.isVisible('#actions'), false);
    assert.equal(await tab.$('[data-figure]'), null);
    await page.context().close();
  });
});

describe('the picture tab in local development (no bot identity): the plain page signs in as whom the developer chooses', function () {
  this.timeout(120_000);
  let h: Harness;
  let browser: Browser;
  before(async () => {
    ensureChromium();
    h = await startHarness();
    h.setNow(uk('2026-12-31T12:00'));
    await seed(h);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await h?.close();
  });

  it('signed in as the secretariat it shows the picture; as a professional it is refused', async () => {
    const page = await browser.newPage();
    await page.goto(`${h.url}/tab`);
    await page.getByLabel('Sign in as').selectOption('user-chris');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: 'Showing 2026-Q4' }).waitFor();
    assert.equal(await page.textContent('[data-figure="raised"]'), '12');
    const forged = await fetch(`${h.url}/tab/api/picture?period=2026-Q4`, { headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJvaWQiOiJ1c2VyLWNocmlzIn0.' } });
    assert.equal(forged.status, 401, 'an unsigned token is refused locally too');
    await page.reload();
    await page.getByLabel('Sign in as').selectOption('user-alex');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: 'for the secretariat' }).waitFor();
    await page.close();
  });
});
