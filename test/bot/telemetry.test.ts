import assert from 'node:assert/strict';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FakeConnector } from '../support/fake-connector';
import { TENANT, users, validRaise } from '../support/bot-harness';

const root = path.join(__dirname, '..', '..');

/** What a person typed into the raise card and their account: none of it may leave in telemetry. */
const TYPED = {
  caseReference: 'HPS-4411',
  initials: 'j.b.',
  about: 'Referral closed with no further action',
  impact: 'Arrives hungry and has missed two medical appointments',
  tried: 'Phoned the duty desk twice',
  position: 'Threshold met: the bruising pattern worries me',
};

interface Envelope {
  name: string;
  data?: { baseType?: string; baseData?: { name?: string; properties?: Record<string, string> } };
}

/**
 * Application Insights' ingestion endpoint, played on loopback over HTTPS (the exporter sends
 * nowhere else) with a certificate made for the test: keeps every envelope the exporter sends.
 */
async function startIngestion(): Promise<{ url: string; server: Server; envelopes: Envelope[]; raw: string[]; certificate: string }> {
  const envelopes: Envelope[] = [];
  const raw: string[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'ingestion-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  const certificate = path.join(dir, 'cert.pem');
  const server = createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(certificate) }, (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const text = body.toString('utf8');
      raw.push(text);
      let items: Envelope[] = [];
      try {
        const parsed = JSON.parse(text) as Envelope | Envelope[];
        items = Array.isArray(parsed) ? parsed : [parsed];
      } catch {
        items = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Envelope);
      }
      envelopes.push(...items);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`, server, envelopes, raw, certificate };
}

describe('telemetry to Azure Monitor (OpenTelemetry distro), as exported', function () {
  this.timeout(90_000);
  let ingestion: Awaited<ReturnType<typeof startIngestion>>;
  let connector: FakeConnector;
  let bot: ChildProcess;
  let output = '';

  before(async () => {
    ingestion = await startIngestion();
    connector = await new FakeConnector().start();
    const port = 30000 + Math.floor(Math.random() * 20000);
    bot = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/index.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        PORT: String(port),
        LOG_LEVEL: 'info',
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=${ingestion.url}`,
        APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
        NODE_EXTRA_CA_CERTS: ingestion.certificate,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bot.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    bot.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 120 && !(await fetch(`${url}/readyz`).catch(() => undefined))?.ok; i++) await new Promise((r) => setTimeout(r, 250));

    const base = (from: (typeof users)['alex']) => ({
      serviceUrl: connector.url, channelId: 'msteams', from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      recipient: { id: '28:bot', name: 'Professional Disagreements' }, conversation: { id: `a:personal-${from.id}`, conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } }, locale: 'en-GB',
    });
    const post = (body: object) => fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const press = (from: (typeof users)['alex'], verb: string, data: object) => post({ ...base(from), type: 'invoke', name: 'adaptiveCard/action', id: `p-${Math.random()}`, value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } });

    await post({ ...base(users.alex), type: 'message', id: 'm1', text: 'raise' });
    const raised = await press(users.alex, 'raise.submit', { ...validRaise, ...TYPED, formId: 'telemetry-form' });
    assert.equal(raised.status, 200, output);
    for (let i = 0; i < 40 && connector.threadsCreated().length === 0; i++) await new Promise((r) => setTimeout(r, 250));
    const disputeId = JSON.stringify(connector.threadsCreated()[0]?.body).match(/"disputeId":"([^"]+)"/)?.[1];
    assert.ok(disputeId, 'the thread was opened');
    const recorded = await press(users.sam, 'dispute.recordAccount', { disputeId, accountPosition: TYPED.position, accountImpact: TYPED.impact });
    assert.equal(recorded.status, 200);
    await new Promise((r) => setTimeout(r, 1000));
    bot.kill('SIGTERM');
    await new Promise((r) => bot.once('exit', r));
  });

  after(async () => {
    if (bot.exitCode === null) bot.kill('SIGKILL');
    await connector.stop();
    ingestion.server.close();
  });

  const spans = () => ingestion.envelopes.filter((e) => e.data?.baseType === 'RequestData' || e.data?.baseType === 'RemoteDependencyData');
  const named = (pattern: RegExp) => spans().filter((e) => pattern.test(e.data?.baseData?.name ?? ''));

  it('sends a trace per turn, per store call and per Teams call, with the dispute reference', () => {
    assert.ok(named(/^bot\.turn$/).length >= 3, `turns: ${named(/^bot\.turn$/).length}; ${output.slice(-2000)}`);
    assert.ok(named(/^store\.(read|write)$/).length >= 2, 'store calls');
    assert.ok(named(/^teams\.(open-thread|post|update-card|message-person)$/).length >= 1, 'Teams calls');
    const references = new Set(spans().map((e) => e.data?.baseData?.properties?.['dispute.reference']).filter(Boolean));
    assert.ok([...references].every((r) => /^PD-\d{4}-\d{4}$/.test(r!)), [...references].join());
    assert.ok(references.size === 1, 'the dispute is named by its reference');
    const raise = named(/^bot\.turn$/).find((e) => e.data?.baseData?.properties?.['bot.action.verb'] === 'raise.submit');
    assert.ok(raise?.data?.baseData?.properties?.['dispute.reference'], 'the raise turn names the dispute it raised');
    for (const kind of [/^bot\.turn$/, /^store\.write$/, /^teams\./]) {
      assert.ok(named(kind).some((e) => e.data?.baseData?.properties?.['dispute.reference']), `${kind} carries the reference`);
    }
  });

  it('carries no case reference, initials or typed text in anything it sends', () => {
    assert.ok(ingestion.raw.length > 0, 'telemetry was sent');
    const everything = ingestion.raw.join('\n');
    for (const value of Object.values(TYPED)) {
      assert.ok(!everything.includes(value), `telemetry holds "${value}"`);
      assert.ok(!everything.toLowerCase().includes(value.toLowerCase()), `telemetry holds "${value}" in another case`);
    }
  });
});
