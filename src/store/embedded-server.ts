import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The embedded Cosmos DB protocol server (`@vercel/cosmosdb-server`), answering as Azure does
 * where that library does not, in two ways.
 *
 * A read of an item with `If-None-Match: <etag>` is answered 304 Not Modified, with no body,
 * when the item's etag is still that one ("the response includes a body only [if] the value in
 * the database is different from the specified value in the header": learn.microsoft.com,
 * Cosmos DB REST API, Get a Document); the library answers every read in full.
 *
 * A transactional batch sent with `Prefer: return=minimal` (what
 * the SDK sends for `contentResponseOnWriteEnabled: false`) is answered with each operation's
 * status, charge and etag, without the items written. Azure leaves the resource out of a write's
 * response when asked ("only return the headers and status code ... for write item operations":
 * learn.microsoft.com, TransactionalBatchItemRequestOptions.EnableContentResponseOnWrite; the
 * JavaScript SDK's RequestOptions.contentResponseOnWriteEnabled, "supported for bulk and batch
 * operations"); the library echoes it whatever the header says.
 *
 * Listens on loopback only, on a port of its own. Loaded only for the embedded store, tests and
 * the bench: the library is a development dependency (about 37 MB a bot on an account never needs).
 */
export async function startEmbeddedCosmosServer(): Promise<{ server: Server; endpoint: string }> {
  const { createHttpServer } = await import('@vercel/cosmosdb-server');
  const server = createHttpServer({ keepAlive: true });
  const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (wantsMinimalBatch(req)) answerMinimally(res);
    else if (conditionalRead(req)) answerNotModified(res, String(req.headers['if-none-match']));
    for (const handle of handlers) handle.call(server, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function wantsMinimalBatch(req: IncomingMessage): boolean {
  return req.method === 'POST' && /^true$/i.test(String(req.headers['x-ms-cosmos-is-batch-request'] ?? '')) && /return=minimal/i.test(String(req.headers.prefer ?? ''));
}

/** A read of one item (not the change feed, which uses If-None-Match with A-IM). */
function conditionalRead(req: IncomingMessage): boolean {
  return req.method === 'GET' && Boolean(req.headers['if-none-match']) && !req.headers['a-im'] && /\/docs\/[^/]+$/.test(req.url ?? '');
}

/** What `res` sends, changed: `rewrite` gets the body the library answers with, and sends what it will. */
function rewriteAnswer(res: ServerResponse, rewrite: (body: unknown, send: (body?: unknown) => ServerResponse) => ServerResponse): void {
  const send = res.end.bind(res) as (body?: unknown) => ServerResponse;
  res.end = ((body?: unknown) => rewrite(body, send)) as ServerResponse['end'];
}

/** 304 with no body when the item read still has the etag the reader holds (the server sets the item's etag as a header before it answers). */
function answerNotModified(res: ServerResponse, etag: string): void {
  rewriteAnswer(res, (body, send) => {
    if (res.statusCode !== 200 || res.getHeader('etag') !== etag) return send(body);
    res.statusCode = 304;
    return send();
  });
}

/** Drop each operation's `resourceBody` from the batch's answer as it is sent. */
function answerMinimally(res: ServerResponse): void {
  rewriteAnswer(res, (body, send) => {
    if (typeof body !== 'string') return send(body);
    let results: unknown;
    try {
      results = JSON.parse(body);
    } catch {
      return send(body);
    }
    if (!Array.isArray(results)) return send(body);
    return send(JSON.stringify(results.map(({ resourceBody: _left, ...rest }: Record<string, unknown>) => rest)));
  });
}
