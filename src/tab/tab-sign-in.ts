import { createRemoteJWKSet, errors, generateKeyPair, JWTPayload, jwtVerify, JWTVerifyGetKey, SignJWT } from 'jose';

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
}

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

  constructor(private readonly options: TeamsSignInOptions) {}

  private keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= (async () => {
      const res = await fetch(this.options.metadataUrl ?? ENTRA_METADATA, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`OpenID metadata answered ${res.status}`);
      const metadata = (await res.json()) as { jwks_uri?: string };
      if (!metadata.jwks_uri) throw new Error('OpenID metadata names no jwks_uri');
      return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    })();
    // A failed read is not kept: the next request tries again.
    this.keys.catch(() => (this.keys = undefined));
    return this.keys;
  }

  async verify(authorization: string | undefined): Promise<Verified> {
    const token = bearer(authorization);
    if (!token) return { ok: false, status: 401, reason: 'no token' };
    const { appId, domain, tenants } = this.options;
    if (!appId) return { ok: false, status: 503, reason: 'TAB_APP_ID not set', message: 'The picture is not set up for single sign-on yet: the partnership\'s Teams administrator sets TAB_APP_ID (docs/deploy.md).' };
    let keys: JWTVerifyGetKey;
    try {
      keys = await this.keySet();
    } catch {
      return { ok: false, status: 503, reason: 'signing keys unavailable' };
    }
    let claims: JWTPayload & { tid?: string; oid?: string; scp?: string };
    try {
      ({ payload: claims } = await jwtVerify(token, keys, { audience: [appId, `api://${domain}/${appId}`], algorithms: ['RS256'], clockTolerance: 120 }));
    } catch (error) {
      if (error instanceof errors.JWKSTimeout) return { ok: false, status: 503, reason: 'signing keys unavailable' };
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
