/**
 * The bench's Teams client, in a process of its own as Teams is never in the bot's: it posts an
 * activity to a bot over HTTP and times it from the request going out until the whole answer
 * has arrived. The bots' process then does only the bots' work, and no bot is charged for the
 * client's (reading and parsing an answer happens here, after the time is taken).
 * Started by scale.bench.ts; one request at a time, over IPC.
 */
import { performance } from 'node:perf_hooks';

interface Ask {
  id: number;
  url: string;
  body: string;
  headers: Record<string, string>;
}

process.on('message', (ask: Ask) => {
  void (async () => {
    const started = performance.now();
    const res = await fetch(`${ask.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...ask.headers }, body: ask.body });
    const text = await res.text();
    const ms = performance.now() - started;
    process.send!({ id: ask.id, status: res.status, text, ms });
  })().catch((error: Error) => process.send!({ id: ask.id, status: 0, text: String(error.message), ms: 0 }));
});
process.send!({ ready: true });
