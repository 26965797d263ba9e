import assert from 'node:assert/strict';
import { generateKeyPairSync, createHmac, KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { Harness, invoke, message, startHarness, users, validRaise } from '../support/bot-harness';
import { signJwt } from '../support/loopback-issuer';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const ISSUER = 'https://api.botframework.com';

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

const sign = (claims: object, key: KeyObject, kid: string): string => signJwt(claims, key, kid);

/**
 * The Bot Framework's token issuer, played on loopback: OpenID metadata and a JWKS with our
 * own key, so inbound authentication is exercised for real without reaching the internet.
 */
async function startIssuer(publicJwk: object): Promise<{ url: string; server: Server }> {
  const app = express();
  app.get('/openid', (req, res) => res.json({ issuer: ISSUER, jwks_uri: `http://${req.headers.host}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
  app.get('/keys', (_req, res) => res.json({ keys: [{ ...publicJwk, kid: 'test-key', use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/openid`, server };
}

describe('authentication with bot credentials set', () => {
  let h: Harness;
  let issuer: { url: string; server: Server };
  const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });

  before(async () => {
    issuer = await startIssuer(trusted.publicKey.export({ format: 'jwk' }));
    h = await startHarness(
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-used-offline', MICROSOFT_APP_TYPE: 'MultiTenant' },
      { authOverrides: { ToBotFromChannelOpenIdMetadataUrl: issuer.url, ToBotFromChannelTokenIssuer: ISSUER } },
    );
  });
  after(async () => {
    await h.close();
    issuer.server.close();
  });

  const claims = (activity: { serviceUrl: string }) => ({
    iss: ISSUER,
    aud: APP_ID,
    serviceurl: activity.serviceUrl,
    nbf: Math.floor(Date.now() / 1000) - 60,
    exp: Math.floor(Date.now() / 1000) + 600,
  });

  it('refuses a request with no token', async () => {
    const res = await h.post(message(h, users.alex, 'help'));
    assert.equal(res.status, 401);
  });

  it('refuses a token signed by anyone but the trusted issuer, and saves nothing', async () => {
    const activity = invoke(h, users.alex, 'raise.submit', validRaise);
    const forged = sign(claims(activity), stranger.privateKey, 'test-key');
    const res = await h.post(activity, { authorization: `Bearer ${forged}` });
    assert.equal(res.status, 401);
    const { resources } = await h.store.disputes.items.query('SELECT VALUE COUNT(1) FROM c').fetchAll();
    assert.equal(resources[0], 0);
  });

  it('refuses a genuine token meant for another bot', async () => {
    const activity = message(h, users.alex, 'help');
    const token = sign({ ...claims(activity), aud: 'another-bot' }, trusted.privateKey, 'test-key');
    assert.equal((await h.post(activity, { authorization: `Bearer ${token}` })).status, 401);
  });

  it('refuses unsigned (alg none), HS256, malformed and empty tokens with 401, never a server error', async () => {
    const activity = invoke(h, users.alex, 'raise.submit', validRaise);
    const header = (alg: string) => base64url(JSON.stringify({ alg, typ: 'JWT', kid: 'test-key' }));
    const payload = base64url(JSON.stringify(claims(activity)));
    const hs256 = `${header('HS256')}.${payload}.${base64url(createHmac('sha256', 'test-key').update(`${header('HS256')}.${payload}`).digest())}`;
    for (const token of [`${header('none')}.${payload}.`, hs256, 'not.a.token', 'garbage', `${header('RS256')}.${payload}`]) {
      const res = await h.post(activity, { authorization: `Bearer ${token}` });
      assert.equal(res.status, 401, `${token.slice(0, 40)}: ${res.status}`);
    }
    assert.equal((await h.post(activity, { authorization: 'Basic abc' })).status, 401);
    const { resources } = await h.store.disputes.items.query('SELECT VALUE COUNT(1) FROM c').fetchAll();
    assert.equal(resources[0], 0);
  });

  it('logs one structured line per refused request, with the reason, and prints nothing of the token or the keys', async () => {
    const activity = invoke(h, users.alex, 'raise.submit', validRaise);
    const forged = sign(claims(activity), stranger.privateKey, 'test-key');
    const elsewhere = sign({ ...claims(activity), aud: 'another-bot' }, trusted.privateKey, 'test-key');
    const expired = sign({ ...claims(activity), nbf: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }, trusted.privateKey, 'test-key');
    const printed: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const writeOut = process.stdout.write.bind(process.stdout);
    process.stderr.write = ((chunk: string | Uint8Array) => (printed.push(String(chunk)), true)) as typeof process.stderr.write;
    process.stdout.write = ((chunk: string | Uint8Array) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
    const before = h.logs.lines.length;
    try {
      for (const authorization of [undefined, `Bearer ${forged}`, `Bearer ${elsewhere}`, `Bearer ${expired}`, 'Bearer garbage']) {
        assert.equal((await h.post(activity, authorization ? { authorization } : {})).status, 401);
      }
    } finally {
      process.stderr.write = write;
      process.stdout.write = writeOut;
    }
    assert.deepEqual(printed, [], 'the SDK printed nothing of its own');
    const lines = h.logs.lines.slice(before);
    const refusals = lines.map((l) => JSON.parse(l) as { msg: string; reason?: string; status?: number }).filter((l) => l.msg === 'request refused');
    assert.equal(lines.length, 5, lines.join('\n'));
    assert.deepEqual(
      refusals.map((l) => [l.status, l.reason]),
      [
        [401, 'no token'],
        [401, 'token not signed by a trusted key'],
        [401, 'token is for another bot'],
        [401, 'token expired'],
        [401, 'token not recognised as a Bot Framework token'],
      ],
    );
    const all = lines.join('\n');
    for (const secret of [forged, elsewhere, expired, 'BEGIN RSA', 'BEGIN PUBLIC']) assert.ok(!all.includes(secret), `the log holds ${secret.slice(0, 20)}`);
  });

  it('accepts a token from the trusted issuer for this bot', async () => {
    const activity = invoke(h, users.alex, 'dispute.refresh', { disputeId: 'none' });
    const token = sign(claims(activity), trusted.privateKey, 'test-key');
    const res = await h.post(activity, { authorization: `Bearer ${token}` });
    assert.equal(res.status, 200);
    assert.match(JSON.stringify(res.body), /could not be found/);
  });
});
