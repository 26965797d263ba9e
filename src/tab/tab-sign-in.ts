import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, generateKeyPair, JWTPayload, jwtVerify, JWTVerifyGetKey, SignJWT } from 'jose';

/** Who a verified token says is signed in: their Entra object id (or, locally, their directory id). */
export interface SignedIn {
  objectId: string;
  tenantId?: string;
}

/** A refusal: its status, the reason for the log, and words for the person where the usual ones would mislead. */
export type Verified = { ok: true; who: SignedIn } | { ok: false; status: 401 | 503; reason: string; message?: string };

export interface TabSignIn {
  readonly kind: 'teams' | 'local';
  verify(authorization: string | undefined): Promise<Verified>;
}

/** Where Entra publishes its signing keys; tests point it at their own loopback issuer. */
export const ENTRA_METADATA = 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration';

export interface TeamsSignInOptions {
  /** The tab's Entra app registration; empty: not set up, and nobody is signed in. */
  appId: string;
  /** The bot's host name: the tab's Application ID URI is api://<domain>/<appId>. */
  domain: string;
  /** Tenants whose people may sign in; empty: any tenant (the directory still decides who sees the picture). */
  tenants: string[];
  metadataUrl?: string;
  /** The clock a remembered failure is timed by. */
  now?: () => number;
}

/** How long a failure to read Entra's keys is remembered: requests meanwhile are answered 503 without calling out. */
export const KEY_FAILURE_KEPT_MS = 30_000;

const bearer = (authorization: string | undefined) => /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization ?? '')?.[1];

/**
 * Teams single sign-on for the tab: the page asks Teams for a token (teams-js getAuthToken), and
 * every request to the tab's data carries it. Verified here: signed by a key Entra publishes
 * (RS256 only), for this app (its client id or its Application ID URI), with the tab's scope,
 * unexpired, issued by the tenant it names, and that tenant allowed.
 */
export class TeamsSignIn implements TabSignIn {
  readonly kind = 'teams' as const;
  private keys?: Promise<JWTVerifyGetKey>;
  /** When reading the keys last failed; within KEY_FAILURE_KEPT_MS nobody calls out again. */
  private failedAt?: number;

  constructor(private readonly options: TeamsSignInOptions) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private keysFailed(): Verified {
    this.failedAt = this.now();
    return { ok: false, status: 503, reason: 'signing keys unavailable' };
  }

  private keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= (async () => {
      const res = await fetch(this.options.metadataUrl ?? ENTRA_METADATA, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`OpenID metadata answered ${res.status}`);
      const metadata = (await res.json()) as { jwks_uri?: string };
      if (!metadata.jwks_uri) throw new Error('OpenID metadata names no jwks_uri');
      return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    })();
    // A failed read is not kept as the key set; `failedAt` holds back the next try for a while.
    this.keys.catch(() => (this.keys = undefined));
    return this.keys;
  }

  async verify(authorization: string | undefined): Promise<Verified> {
    const token = bearer(authorization);
    if (!token) return { ok: false, status: 401, reason: 'no token' };
    const { appId, domain, tenants } = this.options;
    if (!appId) return { ok: false, status: 503, reason: 'TAB_APP_ID not set', message: 'The picture is not set up for single sign-on yet: the partnership\'s Teams administrator sets TAB_APP_ID (docs/deploy.md).' };
    // A token that could never verify is refused before anything is fetched for it.
    try {
      const header = decodeProtectedHeader(token);
      decodeJwt(token);
      if (header.alg !== 'RS256' || typeof header.kid !== 'string') return { ok: false, status: 401, reason: 'not signed by a trusted key' };
    } catch {
      return { ok: false, status: 401, reason: 'not a token' };
    }
    if (this.failedAt !== undefined && this.now() - this.failedAt < KEY_FAILURE_KEPT_MS) return { ok: false, status: 503, reason: 'signing keys unavailable (remembered)' };
    let keys: JWTVerifyGetKey;
    try {
      keys = await this.keySet();
    } catch {
      return this.keysFailed();
    }
    let claims: JWTPayload & { tid?: string; oid?: string; scp?: string };
    try {
      ({ payload: claims } = await jwtVerify(token, keys, { audience: [appId, `api://${domain}/${appId}`], algorithms: ['RS256'], clockTolerance: 120 }));
    } catch (error) {
      // The key set could not be read (a timeout, or Entra answering other than 200).
      // The key set could not be read: a timeout, Entra answering other than 200 (a plain JOSEError), or no connection.
      if (error instanceof errors.JWKSTimeout || (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') || error instanceof TypeError) return this.keysFailed();
      const reason = error instanceof errors.JWTExpired ? 'expired' : error instanceof errors.JWTClaimValidationFailed ? `claim ${error.claim} not accepted` : 'not signed by a trusted key';
      return { ok: false, status: 401, reason };
    }
    const tid = claims.tid;
    if (!tid || !claims.oid) return { ok: false, status: 401, reason: 'no tenant or object id' };
    if (claims.iss !== `https://login.microsoftonline.com/${tid}/v2.0` && claims.iss !== `https://sts.windows.net/${tid}/`) return { ok: false, status: 401, reason: 'issuer is not the tenant named' };
    if (tenants.length && !tenants.includes(tid)) return { ok: false, status: 401, reason: 'tenant not allowed' };
    if (!(claims.scp ?? '').split(' ').includes('access_as_user')) return { ok: false, status: 401, reason: 'claim scp not accepted' };
    return { ok: true, who: { objectId: claims.oid, tenantId: tid } };
  }
}

const LOCAL = 'urn:professional-disagreements:local-development';

/**
 * Local development only (no bot identity, authentication off, loopback): the plain page lets
 * the developer choose whom to be, and the server signs a token for them with a key it made on
 * first use. The same verification path runs; nothing outside this process can mint such a token.
 */
export class LocalSignIn implements TabSignIn {
  readonly kind = 'local' as const;
  private pair?: ReturnType<typeof generateKeyPair>;

  /** Made when the tab is first used, not at every start-up. */
  private keys(): ReturnType<typeof generateKeyPair> {
    return (this.pair ??= generateKeyPair('RS256'));
  }

  async token(personId: string): Promise<string> {
    const { privateKey } = await this.keys();
    return new SignJWT({ oid: personId }).setProtectedHeader({ alg: 'RS256' }).setIssuer(LOCAL).setAudience(LOCAL).setIssuedAt().setExpirationTime('8h').sign(privateKey);
  }

  async verify(authorization: string | undefined): Promise<Verified> {
    const token = bearer(authorization);
    if (!token) return { ok: false, status: 401, reason: 'no token' };
    try {
      const { payload } = await jwtVerify(token, (await this.keys()).publicKey, { issuer: LOCAL, audience: LOCAL, algorithms: ['RS256'] });
      return typeof payload.oid === 'string' ? { ok: true, who: { objectId: payload.oid } } : { ok: false, status: 401, reason: 'no object id' };
    } catch {
      return { ok: false, status: 401, reason: 'not signed by a trusted key' };
    }
  }
}
