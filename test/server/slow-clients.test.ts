import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { httpServer, SERVER_TIMEOUTS } from '../../src/http-server';

/** Send what is given, then wait until the server closes the connection; what it answered, and when. */
function slowClient(port: number, first: string): Promise<{ answer: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(first));
    // A byte every 200 ms: never finished, never idle long enough for an idle timeout.
    const drip = setInterval(() => socket.write('x'), 200);
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => {
      clearInterval(drip);
      resolve({ answer, ms: Date.now() - started });
    });
    socket.on('error', (e) => {
      clearInterval(drip);
      if ((e as NodeJS.ErrnoException).code === 'ECONNRESET' || (e as NodeJS.ErrnoException).code === 'EPIPE') resolve({ answer, ms: Date.now() - started });
      else reject(e);
    });
  });
}

describe('the HTTP server and slow clients', function () {
  this.timeout(20_000);
  const app = express();
  app.post('/api/messages', express.json(), (_req, res) => void res.json({ ok: true }));
  const server = httpServer(app, { headersMs: 800, requestMs: 1500 });
  let port = 0;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('answers 408 and closes a connection whose body never finishes, at the request timeout', async () => {
    const { answer, ms } = await slowClient(port, 'POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{');
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(ms >= 1400 && ms < 4000, `closed after ${ms} ms`);
  });

  it('answers 408 and closes a connection whose headers never finish, at the headers timeout', async () => {
    const { answer, ms } = await slowClient(port, 'POST /api/messages HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(ms >= 700 && ms < 3000, `closed after ${ms} ms`);
  });

  it('answers an ordinary request as usual', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(res.status, 200);
  });

  it('in production, allows well beyond what Teams waits for an answer (15 s), and no more than a minute', () => {
    assert.ok(SERVER_TIMEOUTS.headersMs >= 5_000 && SERVER_TIMEOUTS.requestMs >= 15_000 && SERVER_TIMEOUTS.requestMs <= 60_000);
  });
});
