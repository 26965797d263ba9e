/**
 * Local development with a real client: the bot on the embedded store, and the Microsoft 365
 * Agents Playground configured with the sample partnership (.m365agentsplayground.yml).
 *   npm run dev                          # real time
 *   DEV_CLOCK_SPEED=1440 npm run dev     # a day a minute, to watch a dispute escalate
 * Nothing leaves the machine: the playground's browser launch and telemetry are off.
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { playgroundCommand } from './playground-command';

const root = path.join(__dirname, '..');
const botPort = Number(process.env.PORT ?? 3978);
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
const children: ChildProcess[] = [];

function start(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  child.on('exit', (code) => {
    console.log(`${name} stopped${code ? ` (exit ${code})` : ''}`);
    stop(code ?? 0);
  });
  return child;
}

function stop(code: number): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}

async function waitForBot(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${botPort}/readyz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('The bot did not become ready within a minute');
}

async function main(): Promise<void> {
  const bot = start('The bot', [require.resolve('tsx/cli'), 'src/index.ts'], { PORT: String(botPort) });
  bot.stdout!.pipe(process.stdout);
  bot.stderr!.pipe(process.stderr);
  await waitForBot();

  // The bot and the playground listen on this machine only, unless LISTEN_ADDRESS widens both.
  const wide = Boolean(process.env.LISTEN_ADDRESS) && !/^(127\.|localhost$|::1$)/.test(process.env.LISTEN_ADDRESS!);
  const command = playgroundCommand(`http://127.0.0.1:${botPort}`, playgroundPort, !wide);
  const playground = start('The playground', command.args, command.env);
  playground.stderr!.pipe(process.stderr);
  playground.stdout!.on('data', (chunk: Buffer) => {
    const port = /Listening on (\d+)/.exec(chunk.toString())?.[1];
    if (port) {
      console.log(`\n${wide ? `LISTEN_ADDRESS=${process.env.LISTEN_ADDRESS}: the bot and the playground can be reached from other machines, with authentication off.` : 'The bot and the playground listen on this machine only (127.0.0.1).'}`);
      console.log(`Open http://localhost:${port} in your browser. You are Alex Morgan (a teacher); type "raise" in the chat with the bot.`);
      console.log('The disputes channel is "Professional disagreements" in the team "Safeguarding Partnership".');
      console.log(`The partnership's picture (the secretariat's and board's tab) is a plain page: http://localhost:${botPort}/tab (sign in as Chris Lee). Press Ctrl+C to stop.\n`);
    }
  });
}

process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
main().catch((error) => {
  console.error((error as Error).message);
  stop(1);
});
