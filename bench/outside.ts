/**
 * The bench's outside world in a process of its own: the embedded Cosmos DB protocol server
 * behind a counting proxy. The bot's process then holds only the bot (and the fake Teams
 * connector), so its CPU and memory are its own, and the store's time is shown apart.
 */
import { startEmbeddedCosmosServer } from '../src/store/embedded-server';
import { StoreFaultProxy } from '../test/support/store-fault-proxy';

async function main(): Promise<void> {
  const { endpoint } = await startEmbeddedCosmosServer();
  const proxy = await new StoreFaultProxy(endpoint).start();
  process.on('message', (message: { id: number; from: number }) => {
    const seen = proxy.seen.slice(message.from);
    const bytes = proxy.bytes.slice(message.from);
    const pacing = proxy.targets.slice(message.from).filter((t) => t.startsWith('sequences/teams-pacing')).length;
    process.send!({ id: message.id, total: proxy.seen.length, seen, pacing, sent: bytes.reduce((n, b) => n + b.sent, 0), received: bytes.reduce((n, b) => n + b.received, 0), writes: bytes.filter((_, i) => seen[i] === 'POST batch' || seen[i] === 'PUT docs' || seen[i] === 'POST docs').map((b) => b.sent) });
  });
  process.send!({ ready: proxy.url });
}

void main();
