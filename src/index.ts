import { httpServer } from './http-server';
import { existsSync } from 'node:fs';
import { createBotHost } from './bot-host';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { installConsoleCapture } from './sdk-console';
import { startTelemetry } from './telemetry';
import { connectStore } from './store/cosmos-connection';

/** Real time, or (local development only) time that runs `speed` times faster from now. */
function acceleratedClock(speed: number): () => Date {
  if (speed === 1) return () => new Date();
  const start = Date.now();
  return () => new Date(start + (Date.now() - start) * speed);
}

function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || address.startsWith('127.');
}

/** Composition root: configuration, store, bot, listening socket, delivery timer, shutdown. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  if (config.production && __filename.endsWith('.ts')) {
    // TypeScript through tsx costs ~40 MB per instance and compiles at every start.
    console.error('Cannot start: NODE_ENV=production runs the compiled build. Run "npm run build", then "npm run start:production".');
    process.exit(1);
  }
  const log = createLogger(config.logLevel);
  // Before the store and the bot, so their HTTP calls are traced from the first.
  const stopTelemetry = await startTelemetry(config.telemetryConnectionString, log);
  // Whatever a library prints outside a request becomes one structured line, keys and tokens removed.
  installConsoleCapture((level, text) => log[level]({ source: 'library' }, text));
  const store = await connectStore(config.cosmos);
  if (store.embedded) {
    log.warn(`No COSMOS_ENDPOINT set: using an ${store.description}. Data is kept in memory only and is LOST when the bot stops. Set COSMOS_ENDPOINT to keep it.`);
  } else {
    log.info(`Store: ${store.description}, database ${config.cosmos.database}`);
  }
  if (!config.bot.appId) log.warn('No MICROSOFT_APP_ID set: Bot Framework authentication is OFF. For local development only.');

  const clock = acceleratedClock(config.devClockSpeed);
  if (config.devClockSpeed !== 1) {
    log.warn(`DEV_CLOCK_SPEED=${config.devClockSpeed}: the protocol's clock runs ${config.devClockSpeed} times faster than real time. Local development only.`);
  }
  const bot = createBotHost({ config, store, log, clock });
  const server = httpServer(bot.http).listen(config.port, config.listenAddress, () => {
    const where = config.listenAddress === '0.0.0.0' || config.listenAddress === '::' ? 'every network interface' : config.listenAddress;
    log.info(`Bot listening on ${where}, port ${config.port}: POST /api/messages, GET /healthz (alive), GET /readyz (store answering), GET /tab (the partnership's picture); protocol ${config.partnership.protocol.definition.id}@${config.partnership.protocol.definition.version}`);
    if (!config.production && !isLoopback(config.listenAddress) && !config.bot.appId) {
      log.warn(`LISTEN_ADDRESS=${config.listenAddress} with authentication OFF: anyone who can reach this machine can act as anyone. Use 127.0.0.1 unless you must.`);
    }
  });
  // Every instance sweeps: due deadlines fire once (etag-guarded), undelivered messages retry.
  // With a fast clock, sweep often enough to see each step.
  const sweepMs = config.devClockSpeed !== 1 ? Math.min(config.sweepIntervalSeconds, 2) * 1000 : config.sweepIntervalSeconds * 1000;
  bot.scheduler.start(sweepMs);
  // Who is away, read in the background so that no press waits for it.
  const stopAbsences = bot.absences.keepFresh(clock);
  const sweep = setInterval(() => void bot.outbox.sweep().catch((e) => log.error({ err: { message: (e as Error).message } }, 'outbox sweep failed')), sweepMs);
  void bot.outbox.sweep();

  const stop = async () => {
    clearInterval(sweep);
    stopAbsences();
    await bot.scheduler.stop();
    server.close();
    await bot.outbox.stop(); // what is not yet sent stays in the store for the next sweep
    await store.close();
    await stopTelemetry().catch(() => undefined); // flush what is buffered
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error('Cannot start:', (error as Error).message);
  process.exit(1);
});
