import path from 'node:path';
import { includes } from '../domain/person';
import express from 'express';
import { DateTime } from 'luxon';
import { parsePeriod } from '../analytics/period';
import { mayViewPicture } from '../analytics/audience';
import { PartnershipPicture, returnFile } from '../analytics/picture';
import type { Directory, DirectoryPerson } from '../directory/partnership-directory';
import type { Logger } from '../logger';
import { ROOT } from '../paths';
import type { ProtocolChoice } from '../protocols/protocol-file';
import { periodChoices, pictureSections, tabPage, timescales } from './picture-page';
import { LocalSignIn, TabSignIn } from './tab-sign-in';

export interface TabDeps {
  signIn: TabSignIn;
  directory: Directory;
  picture: (from: Date, to: Date) => Promise<PartnershipPicture>;
  protocol: ProtocolChoice;
  partnershipName: string;
  clock: () => Date;
  log: Logger;
}

/** How long a period's picture answers again before the store is read anew. */
const RECENT_MS = 60_000;

/**
 * Teams shows the tab in a frame on these hosts, and nowhere else. teams-js checks its host
 * against Microsoft's list of valid origins, which it fetches from the CDN.
 */
const FRAME_ANCESTORS = "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://teams.cloud.microsoft https://*.cloud.microsoft https://*.office.com https://*.skype.com";
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' https://res.cdn.office.net",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  `frame-ancestors ${FRAME_ANCESTORS}`,
].join('; ');

function secure(res: express.Response, cache: string): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', cache);
}

const WHOLE_HISTORY = 'the whole history';

/** A period from the tab's query: ?period=2026-Q4, ?period=all, or ?from=2026-10-01&to=2026-12-31. */
function periodOf(query: express.Request['query'], now: Date): { from: Date; to: Date; label: string } | { error: string } {
  const period = typeof query.period === 'string' ? query.period : '';
  if (period === 'all') {
    const tomorrow = DateTime.fromJSDate(now, { zone: 'Europe/London' }).startOf('day').plus({ days: 1 });
    return { from: new Date('2000-01-01T00:00:00Z'), to: tomorrow.toJSDate(), label: WHOLE_HISTORY };
  }
  if (period) return parsePeriod(period, now);
  const from = typeof query.from === 'string' ? query.from : '';
  const to = typeof query.to === 'string' ? query.to : '';
  if (!from || !to) return { error: 'Choose a period, or both a first and a last day.' };
  return parsePeriod(`${from} ${to}`, now);
}

const files = {
  'chart.js': path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
  'teams-js.js': require.resolve('@microsoft/teams-js'),
} as const;

/**
 * The partnership's picture as a Teams tab, served by the bot's own server:
 *   GET /tab                      the page (no data in it)
 *   GET /tab/api/picture          the picture for a period, as HTML sections (signed in)
 *   GET /tab/api/return.xlsx|csv  the anonymised return (signed in)
 *   POST /tab/dev/sign-in         local development only: a token for the person chosen
 * Only the secretariat and the board members the directory names get any data.
 */
export function tabRouter(deps: TabDeps): express.Router {
  const router = express.Router();
  const { directory, log, signIn } = deps;
  if (signIn.kind === 'teams') {
    // Teams signs people in by their tenant and Entra object id: the directory refuses to load without them.
  }
  const levels = timescales(deps.protocol);

  /** The signed-in person, if the picture is theirs to see; otherwise answered and undefined. */
  const viewer = async (req: express.Request, res: express.Response): Promise<DirectoryPerson | undefined> => {
    const verified = await signIn.verify(req.headers.authorization);
    if (!verified.ok) {
      log.warn({ event: 'tab-refused', status: verified.status, reason: verified.reason }, 'tab request refused');
      if (verified.status === 503 && !verified.message) res.setHeader('Retry-After', '10');
      res.status(verified.status).json({ error: verified.message ?? (verified.status === 503 ? 'Sign-in could not be checked just now. Please try again in a moment.' : 'Please sign in again.') });
      return undefined;
    }
    // Teams tokens name the person by tenant and object id; the local page's by the directory id chosen.
    const { objectId, tenantId } = verified.who as { objectId: string; tenantId?: string };
    const person = tenantId ? directory.identify(objectId, [tenantId]) : directory.find(objectId);
    if (!person || !mayViewPicture(directory, person)) {
      log.warn({ event: 'tab-refused', status: 403, reason: person ? 'not secretariat or board' : 'not in the directory' }, 'tab request refused');
      res.status(403).json({ error: 'The partnership\'s picture is for the secretariat and the board members named in the partnership directory. Ask the secretariat if you need it.' });
      return undefined;
    }
    return person;
  };

  /**
   * A period's picture, read once for everyone who asks within a minute: viewing and then
   * downloading, or a board looking at once, read the store once (the whole history is 100 pages).
   */
  const recent = new Map<string, { at: number; picture: Promise<PartnershipPicture> }>();
  const read = (from: Date, to: Date): Promise<PartnershipPicture> => {
    const key = `${from.toISOString()}|${to.toISOString()}`;
    const hit = recent.get(key);
    if (hit && Date.now() - hit.at < RECENT_MS) return hit.picture;
    for (const [k, v] of recent) if (Date.now() - v.at >= RECENT_MS) recent.delete(k);
    const picture = deps.picture(from, to);
    recent.set(key, { at: Date.now(), picture });
    picture.catch(() => recent.delete(key));
    return picture;
  };

  /** The signed-in viewer's picture for the period asked, or an answer already sent. */
  const pictureFor = async (req: express.Request, res: express.Response) => {
    const person = await viewer(req, res);
    if (!person) return undefined;
    const period = periodOf(req.query, deps.clock());
    if ('error' in period) {
      res.status(400).json({ error: period.error });
      return undefined;
    }
    try {
      const picture = await read(period.from, period.to);
      log.info({ event: 'tab-picture', personId: person.id, period: period.label, path: req.path }, 'picture shown');
      return { picture, period };
    } catch (error) {
      log.warn({ err: { message: (error as Error).message } }, 'picture: the store did not answer');
      res.setHeader('Retry-After', '10');
      res.status(503).json({ error: 'The store is busy and the picture could not be read. Please try again in a moment.' });
      return undefined;
    }
  };

  router.get('/tab', (_req, res) => {
    secure(res, 'no-cache');
    const people =
      signIn.kind === 'local'
        ? directory.people().map((p) => ({ id: p.id, name: p.name, role: includes(directory.secretariat(), p) ? 'secretariat' : mayViewPicture(directory, p) ? 'board' : 'not secretariat or board' }))
        : undefined;
    res.type('html').send(tabPage({ partnershipName: deps.partnershipName, signIn: signIn.kind, periods: periodChoices(deps.clock()), ...(people ? { people } : {}) }));
  });
  router.get('/tab/assets/:file', (req, res) => {
    if (!['tab.js', 'tab.css'].includes(req.params.file)) return void res.status(404).end();
    secure(res, 'no-cache');
    res.sendFile(path.join(ROOT, 'web', req.params.file));
  });
  router.get('/tab/vendor/:file', (req, res) => {
    const file = files[req.params.file as keyof typeof files];
    if (!file) return void res.status(404).end();
    secure(res, 'public, max-age=86400');
    res.type('js').sendFile(file);
  });

  router.get('/tab/api/picture', async (req, res) => {
    secure(res, 'no-store');
    const found = await pictureFor(req, res);
    if (!found) return;
    const agencies = directory.agencies();
    res.json({ label: found.period.label, html: pictureSections(found.picture, { agencies, timescales: levels, wholeHistory: found.period.label === WHOLE_HISTORY }) });
  });

  router.get('/tab/api/return.:format', async (req, res) => {
    secure(res, 'no-store');
    const format = req.params.format;
    if (format !== 'csv' && format !== 'xlsx') return void res.status(404).json({ error: 'The return comes as .xlsx or .csv.' });
    const found = await pictureFor(req, res);
    if (!found) return;
    const file = await returnFile(found.picture, found.period.label, format, deps.partnershipName);
    res.setHeader('Content-Disposition', `attachment; filename="${file.name.replace(/[^\w .-]/g, '_')}"`);
    res.type(file.contentType).send(file.bytes);
  });

  if (signIn instanceof LocalSignIn) {
    router.post('/tab/dev/sign-in', async (req, res) => {
      const id = typeof req.body?.personId === 'string' ? req.body.personId : '';
      if (!directory.find(id)) return void res.status(400).json({ error: 'Choose someone from the directory.' });
      res.setHeader('Cache-Control', 'no-store');
      res.json({ token: await signIn.token(id) });
    });
  }
  return router;
}
