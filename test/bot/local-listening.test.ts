import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { startPlayground } from '../support/playground';

const root = path.join(__dirname, '..', '..');

/** An address of this machine that other machines could reach, if it has one. */
const outward = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function startBot(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/index.ts'], { cwd: root, env: { ...process.env, NODE_ENV: 'development', PORT: String(port), LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  for (let i = 0; i < 120 && !/Bot listening/.test(output); i++) await new Promise((r) => setTimeout(r, 250));
  assert.match(output, /Bot listening/, output);
  return { child, port, output: () => output };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

describe('local development, with authentication off, is reachable from this machine only', function () {
  this.timeout(60_000);
  before(function () {
    if (!outward) this.skip(); // no outward-facing address to try from
  });

  it('the bot listens on 127.0.0.1 and says so; LISTEN_ADDRESS widens it, with a warning', async () => {
    const bot = await startBot({});
    try {
      assert.equal(await connects('127.0.0.1', bot.port), true);
      assert.equal(await connects(outward!, bot.port), false, `reachable at ${outward}`);
      assert.match(bot.output(), /Bot listening on 127\.0\.0\.1, port/);
    } finally {
      await stop(bot.child);
    }
    const wide = await startBot({ LISTEN_ADDRESS: '0.0.0.0' });
    try {
      assert.equal(await connects(outward!, wide.port), true);
      assert.match(wide.output(), /authentication OFF: anyone who can reach this machine can act as anyone/);
    } finally {
      await stop(wide.child);
    }
  });

  it('the Agents Playground listens on 127.0.0.1 only', async () => {
    const playground = await startPlayground('http://127.0.0.1:9');
    try {
      const port = Number(new URL(playground.url).port);
      assert.equal(await connects('127.0.0.1', port), true);
      assert.equal(await connects(outward!, port), false, `the playground is reachable at ${outward}`);
    } finally {
      await playground.stop();
    }
  });
});
