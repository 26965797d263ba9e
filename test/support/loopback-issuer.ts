import { createSign, generateKeyPairSync, KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';

const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

/** A signed RS256 JWT with the claims given. */
export function signJwt(claims: object, key: KeyObject, kid = 'loopback-key'): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = base64url(JSON.stringify(claims));
  return `${header}.${payload}.${base64url(createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key))}`;
}

/**
 * An OpenID issuer on loopback (metadata and a JWKS with its own key), standing in for Entra so
 * the tab's sign-in is verified for real without reaching the internet.
 */
export class LoopbackIssuer {
  readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server?: Server;
  metadataUrl = '';
  /** How many times the key set was fetched: the verifier should cache it. */
  keyReads = 0;
  down = false;
  /** Every request that reached the issuer, answered or not. */
  requests = 0;

  async start(): Promise<this> {
    const app = express();
    app.use((_req, res, next) => {
      this.requests++;
      return this.down ? res.status(503).end() : next();
    });
    app.get('/v2.0/.well-known/openid-configuration', (req, res) => res.json({ issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', jwks_uri: `http://${req.headers.host}/discovery/v2.0/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    app.get('/discovery/v2.0/keys', (_req, res) => {
      this.keyReads++;
      res.json({ keys: [{ ...this.keys.publicKey.export({ format: 'jwk' }), kid: 'loopback-key', use: 'sig', alg: 'RS256' }] });
    });
    this.server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    this.metadataUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v2.0/.well-known/openid-configuration`;
    return this;
  }

  /** A Teams single sign-on token as Entra issues it (v2), for the person and app given. */
  teamsToken(o: { oid: string; tid: string; aud: string; scp?: string; expiresIn?: number; iss?: string }, key: KeyObject = this.keys.privateKey): string {
    const now = Math.floor(Date.now() / 1000);
    return signJwt({ iss: o.iss ?? `https://login.microsoftonline.com/${o.tid}/v2.0`, aud: o.aud, tid: o.tid, oid: o.oid, scp: o.scp ?? 'access_as_user', nbf: now - 60, iat: now - 60, exp: now + (o.expiresIn ?? 3600), ver: '2.0' }, key);
  }

  stop(): void {
    this.server?.closeAllConnections();
    this.server?.close();
  }
}
