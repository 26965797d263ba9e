import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import type { Server } from 'node:http';
import path from 'node:path';
import { startEmbeddedCosmosServer } from '../../src/store/embedded-server';

const root = path.join(__dirname, '..', '..');

/** A production configuration, on a standalone Cosmos DB protocol server reached over plain http://. */
function productionEnv(cosmos: string, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(port),
    LISTEN_ADDRESS: '127.0.0.1',
    MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555',
    MICROSOFT_APP_PASSWORD: 'not-used-offline',
    MICROSOFT_APP_TYPE: 'MultiTenant',
    COSMOS_ENDPOINT: cosmos,
    COSMOS_KEY: 'local',
    DISPUTES_CHANNEL_ID: '19:partnership-disputes@thread.tacv2',
    DISPUTES_TEAM_ID: '6a0b8f4e-2c1d-4e5f-9a8b-7c6d5e4f3a2b',
    EMERGENCY_CONTACT: 'Hillside MASH on 01234 567890',
    // Neither store nor compiler of development, nor the writers of files, which load when a file is first made,
    // nor every country's holiday rules (the clock reads England and Wales' bank holidays from its table),
    // nor the dialogs library's recognisers (teams-ai's sign-in flows load it only when used: lazy-dialogs.ts).
    WATCH_PACKAGES: '@vercel/cosmosdb-server,tsx,docx,exceljs,openai,gpt-tokenizer,date-holidays,date-holidays-parser,@microsoft/recognizers-text-suite,@microsoft/recognizers-text-number',
  };
}

function run(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

const exited = (child: ChildProcess) => (child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise<number | null>((r) => child.once('exit', (code) => r(code))));

describe('production start-up', function () {
  this.timeout(120_000);
  let cosmos: Server;
  let endpoint: string;

  before(async () => {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    ({ server: cosmos, endpoint } = await startEmbeddedCosmosServer());
  });
  after(() => {
    cosmos.closeAllConnections();
    cosmos.close();
  });

  it('runs the compiled build on a plain-http Cosmos DB endpoint, without loading the embedded store or tsx', async () => {
    const port = 30000 + Math.floor(Math.random() * 20000);
    // As production starts it: package.json's start:production, Node's flags included.
    const production = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:production']!.split(' ').slice(1);
    const bot = run(['--require', path.join(__dirname, '..', 'support', 'loaded-modules.cjs'), ...production], productionEnv(endpoint, port));
    try {
      let ready: Response | undefined;
      // Up to a minute: late in a full run on two cores the compiled bot has been seen to take over 20 s to listen.
      for (let i = 0; i < 240 && !ready?.ok; i++) {
        await new Promise((r) => setTimeout(r, 250));
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      }
      assert.equal(ready?.status, 200, bot.output());
      assert.match(bot.output(), /Store: Cosmos DB at 127\.0\.0\.1:\d+ \(key\)/);
      assert.equal((await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', serviceUrl: 'https://smba.example/', from: { id: 'x' }, conversation: { id: 'c' } }) })).status, 401, 'authentication is on');
    } finally {
      bot.child.kill('SIGTERM');
      await exited(bot.child);
    }
    assert.match(bot.output(), /loaded: \[\]/, 'neither the embedded store, tsx, a file writer, teams-ai\'s AI layer, date-holidays nor the dialogs\' recognisers was loaded');
  });

  it('refuses to run TypeScript through tsx in production, and says what to run', async () => {
    const bot = run([require.resolve('tsx/cli'), 'src/index.ts'], productionEnv(endpoint, 1));
    assert.equal(await exited(bot.child), 1);
    assert.match(bot.output(), /NODE_ENV=production runs the compiled build\. Run "npm run build", then "npm run start:production"/);
  });
});
