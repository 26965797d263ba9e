/**
 * Resident memory of one bot process at rest, started the ways it can be: the compiled build
 * on a Cosmos DB account (production), TypeScript through tsx on an account, and tsx on the
 * embedded store (`npm start` with no settings). The account is a standalone Cosmos DB
 * protocol server in this process, reached over http://. Prints the figures; asserts nothing.
 *   npx tsx bench/startup-memory.bench.ts      (builds first)
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createHttpServer } from '@vercel/cosmosdb-server';

const root = path.join(__dirname, '..');

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function measure(label: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH, NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: String(port), ...env }, stdio: 'ignore' });
  try {
    for (let i = 0; i < 120; i++) {
      await new Promise((r) => setTimeout(r, 250));
      if ((await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok) break;
    }
    await new Promise((r) => setTimeout(r, 3000)); // let start-up garbage be collected
    const mb = rssMb(child.pid!);
    console.log(`${label.padEnd(44)} ${String(mb).padStart(4)} MB`);
    return mb;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  const cosmos = createHttpServer({ keepAlive: true });
  await new Promise<void>((resolve) => cosmos.listen(0, '127.0.0.1', () => resolve()));
  const account = { COSMOS_ENDPOINT: `http://127.0.0.1:${(cosmos.address() as AddressInfo).port}`, COSMOS_KEY: 'local' };
  console.log('Resident memory of one bot at rest, after /readyz answers');
  const compiled = await measure('compiled build, Cosmos DB account', ['dist/src/index.js'], account);
  const tsx = await measure('tsx, Cosmos DB account', ['--require', 'tsx/cjs', 'src/index.ts'], account);
  const embedded = await measure('tsx, embedded store (npm start)', ['--require', 'tsx/cjs', 'src/index.ts'], {});
  console.log(`compiled saves ${tsx - compiled} MB against tsx; the embedded store adds ${embedded - tsx} MB when it is used`);
  cosmos.closeAllConnections();
  cosmos.close();
}

void main();
