import express from 'express';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from './logger';

export interface ServerDeps {
  adapter: TeamsAdapter;
  app: Application<TurnState>;
  ready: () => Promise<void>;
  log: Logger;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);
}

const TOKEN_FAILURE = /invalid signature|jwt (malformed|expired|not active)|invalid token|jwt audience invalid|jwt issuer invalid/i;

/**
 * The SDK answers its own AuthenticationError with 401 but lets token-library errors (a
 * forged signature, a malformed token) through as 500. Those are the caller's fault: answer
 * them 401 so they neither page anyone nor look like a fault in the bot.
 */
function tokenFailuresAs401(res: express.Response): express.Response {
  const send = res.send.bind(res);
  res.send = ((body?: unknown) => {
    if (res.statusCode === 500 && typeof body === 'string' && TOKEN_FAILURE.test(body)) res.status(401);
    return send(body);
  }) as express.Response['send'];
  return res;
}

/** POST /api/messages for the Bot Framework; GET /healthz is ready only when the store answers. */
export function createServer({ adapter, app, ready, log }: ServerDeps): express.Express {
  const server = express();
  server.disable('x-powered-by');
  server.use(express.json({ limit: '1mb' }));

  server.post('/api/messages', async (req, res) => {
    try {
      await adapter.process(req, tokenFailuresAs401(res), (context) => app.run(context).then(() => undefined));
    } catch (error) {
      log.error({ err: { message: (error as Error).message } }, 'activity processing failed');
      if (!res.headersSent) res.status(500).end();
    }
  });

  server.get('/healthz', async (_req, res) => {
    try {
      await within(ready(), 3000);
      res.json({ status: 'ready' });
    } catch (error) {
      log.warn({ err: { message: (error as Error).message } }, 'health check: store not answering');
      res.status(503).json({ status: 'unavailable', reason: 'the store is not answering' });
    }
  });

  return server;
}
