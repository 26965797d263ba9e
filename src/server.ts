import express from 'express';
import { z } from 'zod';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from './logger';
import { safeName, traced } from './telemetry';
import { capturingConsole, installConsoleCapture, refusalReason, scrub } from './sdk-console';
import { answerJson } from './answer-json';

export interface ServerDeps {
  adapter: TeamsAdapter;
  app: Application<TurnState>;
  ready: () => Promise<void>;
  log: Logger;
  /** The partnership's picture tab (pages and its data), mounted beside the bot. */
  tab?: express.Router;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);
}

/**
 * The least a Bot Framework activity must carry for the bot to answer it. Anything else is
 * the caller's mistake and gets 400, before it can reach the SDK (which would answer 500).
 */
const ACTIVITY = z.object({
  type: z.string().min(1).max(100),
  serviceUrl: z.string().min(1).max(2000),
  channelId: z.string().min(1).max(100).optional(),
  from: z.object({ id: z.string().min(1).max(300), name: z.string().max(300).optional().nullable() }),
  conversation: z.object({ id: z.string().min(1).max(1000) }),
  recipient: z.object({ id: z.string().max(300) }).optional(),
  text: z.string().max(50_000).optional().nullable(),
  name: z.string().max(200).optional().nullable(),
});

const INVOKE_ERROR = { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Something went wrong and nothing was saved. Please try again.' };

/** What the SDK's `process` writes, held back so the bot decides what reaches the caller. */
class HeldResponse {
  code = 200;
  body: unknown;
  readonly headers: Record<string, string> = {};
  constructor(private readonly done: () => void) {}
  status(code: number): this {
    this.code = code;
    return this;
  }
  header(name: string, value: string): this {
    this.headers[name] = value;
    return this;
  }
  send(body: unknown): this {
    this.body = body;
    return this;
  }
  end(): this {
    this.done();
    return this;
  }
}

/**
 * POST /api/messages for the Bot Framework; GET /healthz (alive) and GET /readyz (the store answers).
 * Nothing is ever answered 5xx: a malformed activity is 400, a token the SDK cannot accept is
 * 401 (the SDK lets some token-library failures through as 500), and a failure inside a turn
 * has already been answered by the bot with a message.
 */
export function createServer({ adapter, app, ready, log, tab }: ServerDeps): express.Express {
  installConsoleCapture();
  const server = express();
  server.disable('x-powered-by');
  server.use(express.json({ limit: '1mb' }));

  server.post('/api/messages', async (req, res) => {
    const shape = ACTIVITY.safeParse(req.body);
    if (!shape.success) {
      const field = shape.error.issues[0]?.path.join('.') ?? '';
      log.warn({ event: 'request-refused', status: 400, reason: 'not a Bot Framework activity', field }, 'request refused');
      res.status(400).json({ error: 'not a Bot Framework activity', field });
      return;
    }
    let turnStarted = false;
    let held!: HeldResponse;
    const finished = new Promise<void>((resolve) => (held = new HeldResponse(resolve)));
    const printed: string[] = [];
    const value = req.body?.value as { action?: { verb?: unknown } } | undefined;
    const turn = {
      'bot.activity.type': safeName(shape.data.type),
      'bot.activity.name': safeName(shape.data.name),
      'bot.action.verb': safeName(value?.action?.verb),
      'bot.channel': safeName(shape.data.channelId),
    };
    try {
      await traced('bot.turn', turn, (span) =>
        capturingConsole(printed, () =>
          Promise.all([
            adapter.process(req, held as unknown as express.Response, (context) => {
              turnStarted = true;
              return app.run(context).then(() => undefined);
            }),
            finished,
          ]),
        ).finally(() => span.setAttribute('bot.status', held.code)),
      );
    } catch (error) {
      if (turnStarted) log.error({ err: { message: scrub((error as Error).message) }, activityType: shape.data.type }, 'activity processing failed');
      else printed.push((error as Error).message);
      held.code = 500;
    }
    if (!turnStarted && (held.code === 401 || held.code === 403 || held.code >= 500)) {
      // Refused before the turn began: the token was missing or not acceptable. (The SDK lets
      // some token-library failures through as 500; to the caller they are all 401.)
      const status = held.code === 403 ? 403 : 401;
      const reason = refusalReason(printed, Boolean(req.headers.authorization));
      log.warn({ event: 'request-refused', status, reason, activityType: shape.data.type, channelId: shape.data.channelId ?? '' }, 'request refused');
      res.status(status).end();
      return;
    }
    // What the SDK printed during a turn, kept from the console: one line, first lines only, keys and tokens removed.
    if (turnStarted && printed.length) log.warn({ source: 'library', printed: printed.slice(0, 3).map(scrub) }, 'the Bot Framework SDK reported a problem during a turn');
    if (held.code >= 500) {
      log.error({ activityType: shape.data.type, status: held.code }, 'turn answered with a server error; answered with a message instead');
      if (shape.data.type === 'invoke') res.status(200).json(INVOKE_ERROR);
      else res.status(200).end();
      return;
    }
    for (const [name, value] of Object.entries(held.headers)) res.setHeader(name, value);
    res.status(held.code);
    if (held.body === undefined || held.body === null || held.body === '') res.end();
    else if (typeof held.body === 'string') res.send(held.body);
    else {
      // What the bot wrote ahead (the card answering a press) goes as it was written.
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(answerJson(held.body));
    }
  });

  if (tab) server.use(tab);

  // Malformed JSON and oversized bodies are the caller's mistake: 400/413, never 500.
  server.use((error: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 400;
    res.status(status).json({ error: error.type ?? 'bad request' });
  });

  // Liveness: the process answers. App Service's health check uses it, so an outage of the
  // store (which every instance shares) does not make Azure replace healthy instances.
  server.get('/healthz', (_req, res) => {
    res.json({ status: 'alive' });
  });

  // Readiness: the store answers within 3 s. For warm-up before traffic and for operators.
  server.get('/readyz', async (_req, res) => {
    try {
      await within(ready(), 3000);
      res.json({ status: 'ready' });
    } catch (error) {
      log.warn({ err: { message: (error as Error).message } }, 'readiness check: store not answering');
      res.status(503).json({ status: 'unavailable', reason: 'the store is not answering' });
    }
  });

  return server;
}
