/**
 * One bot instance of the benchmark's storm, in a process of its own as in production: it
 * shares the store (through the counting proxy) and the fake Teams connector with the others
 * only over HTTP. Driven by its parent over IPC: `go` starts its clock and fires what is due,
 * `sweep` runs the outbox sweep; each answers `idle` with what it delivered once nothing is
 * being delivered. Settings come in the environment (see scale.bench.ts).
 */
import { createBotHost } from '../src/bot-host';
import { createLogger } from '../src/logger';
import { connectStore } from '../src/store/cosmos-connection';
import { DEFAULT_RETRY } from '../src/teams/retry';
import { harnessConfig, LogCapture } from '../test/support/bot-harness';

async function main(): Promise<void> {
  const due = Number(process.env.STORM_DUE);
  let started: number | undefined;
  const store = await connectStore({ kind: 'account', endpoint: process.env.STORM_STORE_URL!, key: 'local', database: process.env.STORM_DATABASE!, allowSelfSignedCertificate: false });
  const logs = new LogCapture();
  const host = createBotHost({
    config: harnessConfig({ TEAMS_TENANT_RATE: process.env.STORM_TENANT_RATE!, BOT_INSTANCES: process.env.STORM_INSTANCES! }),
    store,
    log: createLogger('info', logs),
    // Real time from the moment the deadlines fall due: claims age as they would in production.
    clock: () => new Date(started === undefined ? due : due + (Date.now() - started)),
    retry: DEFAULT_RETRY,
    claimLeaseMs: Number(process.env.STORM_LEASE_MS),
  });
  let shown = 0;
  if (process.env.STORM_DEBUG) setInterval(() => logs.lines.slice(shown, (shown = logs.lines.length)).filter((l) => l.includes('pacing')).forEach((l) => console.error(l)), 500).unref();
  const idle = async () => {
    await host.outbox.idle();
    process.send!({ idle: true, delivered: logs.lines.filter((l) => l.includes('"message delivered"')).length, rssMb: process.memoryUsage().rss / 2 ** 20 });
  };
  process.on('message', async (m: { go?: number; sweep?: true; stop?: true }) => {
    if (m.go !== undefined) {
      started = m.go;
      await host.scheduler.sweep();
      await idle();
    } else if (m.sweep) {
      await host.outbox.sweep();
      await idle();
    } else if (m.stop) {
      store.close();
      process.exit(0);
    }
  });
  process.send!({ ready: true });
}

void main();
