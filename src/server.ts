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

/** POST /api/messages for the Bot Framework; GET /healthz is ready only when the store answers. */
export function createServer({ adapter, app, ready, log }: ServerDeps): express.Express {
  const server = express();
  server.disable('x-powered-by');
  server.use(express.json({ limit: '1mb' }));

  server.post('/api/messages', async (req, res) => {
    try {
      await adapter.process(req, res, (context) => app.run(context).then(() => undefined));
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
