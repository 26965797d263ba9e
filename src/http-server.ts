import { createServer, RequestListener, Server } from 'node:http';

/** How long a client may take to send a request's headers, and the whole request with its body. */
export interface ServerTimeouts {
  headersMs: number;
  requestMs: number;
}

/**
 * Teams posts a small activity and waits at most 15 seconds for the answer, so nothing honest
 * takes long to send: a client that sends its headers or body slowly is answered 408 and its
 * connection closed, instead of holding a socket for Node's default five minutes.
 */
export const SERVER_TIMEOUTS: ServerTimeouts = { headersMs: 10_000, requestMs: 20_000 };

export function httpServer(app: RequestListener, timeouts: ServerTimeouts = SERVER_TIMEOUTS): Server {
  return createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      // How often Node checks the two: often enough that a timeout is kept to within a second.
      connectionsCheckingInterval: Math.min(1000, timeouts.headersMs),
    },
    app,
  );
}
