/**
 * Resident memory of one bot process, started the ways it can be: the compiled build on a
 * Cosmos DB account (production), TypeScript through tsx on an account, and tsx on the
 * embedded store (`npm start` with no settings); and the compiled build again after 1,000
 * turns over HTTP (raises, views, presses, help and status), with Teams a fake connector in
 * this process. The account is a standalone Cosmos DB protocol server in this process,
 * reached over http://. Prints the figures (target: the compiled bot under 200 MB after the
 * turns); asserts nothing.
 *   npx tsx bench/startup-memory.bench.ts      (builds first)
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedCosmosServer } from '../src/store/embedded-server';
import { DateTime } from 'luxon';
import { Harness, invoke, message, users } from '../test/support/bot-harness';
import { RAISE_TYPED, raiseFormSentTo } from '../test/support/black-box';
import { button, pressData } from '../test/support/card-client';
import { FakeConnector } from '../test/support/fake-connector';

const root = path.join(__dirname, '..');
/** The compiled bot as production starts it: package.json's start:production, Node's flags included. */
const PRODUCTION = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:production']!.split(' ').slice(1);

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** 1,000 turns as people make them: a dispute raised every 50 turns, its view opened, records saved, help and status asked. */
async function turns(port: number, connector: FakeConnector, count: number): Promise<void> {
  const h = { connector } as unknown as Harness;
  const post = async (activity: object) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`turn answered ${res.status}: ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : undefined;
  };
  const alex = users.alex;
  const yesterday = DateTime.now().setZone('Europe/London').minus({ days: 1 }).toISODate()!;
  let save: ReturnType<typeof button> | undefined;
  for (let n = 0; n < count; ) {
    if (n % 50 === 0) {
      await post(message(h, alex, 'raise'));
      const form = raiseFormSentTo(connector, alex);
      const threads = connector.threadsCreated().length;
      await post(invoke(h, alex, 'raise.submit', pressData(button(form, 'Raise disagreement'), { ...RAISE_TYPED, caseReference: `HPS-${n}` })));
      for (let i = 0; i < 200 && connector.threadsCreated().length === threads; i++) await new Promise((r) => setTimeout(r, 25));
      const card = connector.threadsCreated().at(-1)!.body.activity.attachments[0].content;
      const refresh = card.refresh.action;
      const view = (await post(invoke(h, alex, refresh.verb, refresh.data))).value;
      save = button(view, 'Save the record');
      n += 3;
      continue;
    }
    const kind = n % 5;
    if (kind === 0) await post(message(h, alex, 'help'));
    else if (kind === 1) await post(message(h, alex, 'status'));
    else await post(invoke(h, alex, save!.verb, pressData(save!, { recordDate: yesterday, recordTime: '09:30', recordParticipants: 'Alex Morgan, Sam Taylor', recordDiscussed: `Visit ${n}: the referral decision` })));
    n++;
  }
}

async function measure(label: string, args: string[], env: NodeJS.ProcessEnv, afterTurns?: { connector: FakeConnector; count: number }): Promise<number> {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH, NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: String(port), ...env }, stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    for (let i = 0; ; i++) {
      await new Promise((r) => setTimeout(r, 250));
      if ((await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok) break;
      if (child.exitCode !== null || i === 120) throw new Error(`${label}: the bot ${child.exitCode !== null ? `exited (${child.exitCode})` : 'was not ready in 30 s'} before it could be measured`);
    }
    if (afterTurns) await turns(port, afterTurns.connector, afterTurns.count);
    await new Promise((r) => setTimeout(r, 3000)); // let start-up garbage be collected
    const mb = rssMb(child.pid!);
    console.log(`${label.padEnd(52)} ${String(mb).padStart(4)} MB`);
    return mb;
  } finally {
    // Waited for whether it ended by itself or is stopped here: a bot that exited early no longer hangs the run.
    child.kill('SIGTERM');
    await exited;
  }
}

/** MEMORY_ONLY=turns: only the compiled build after the turns; NODE_FLAGS: flags for it (to compare settings). */
const ONLY_TURNS = process.env.MEMORY_ONLY === 'turns';
const FLAGS = (process.env.NODE_FLAGS ?? '').split(' ').filter(Boolean);

async function main(): Promise<void> {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  const { server: cosmos, endpoint } = await startEmbeddedCosmosServer();
  const account = { COSMOS_ENDPOINT: endpoint, COSMOS_KEY: 'local' };
  console.log('Resident memory of one bot at rest, after /readyz answers');
  if (ONLY_TURNS) {
    const connector = await new FakeConnector().start();
    await measure(`compiled ${FLAGS.join(' ') || PRODUCTION.join(' ')}, after 1,000 turns`, FLAGS.length ? [...FLAGS, 'dist/src/index.js'] : PRODUCTION, account, { connector, count: 1_000 });
    await connector.stop();
    cosmos.closeAllConnections();
    cosmos.close();
    return;
  }
  const compiled = await measure('compiled build, Cosmos DB account', PRODUCTION, account);
  const tsx = await measure('tsx, Cosmos DB account', ['--require', 'tsx/cjs', 'src/index.ts'], account);
  const embedded = await measure('tsx, embedded store (npm start)', ['--require', 'tsx/cjs', 'src/index.ts'], {});
  console.log(`compiled saves ${tsx - compiled} MB against tsx; the embedded store adds ${embedded - tsx} MB when it is used`);
  const connector = await new FakeConnector().start();
  const worked = await measure('compiled build, Cosmos DB account, after 1,000 turns', PRODUCTION, account, { connector, count: 1_000 });
  const unflagged = await measure('the same without --max-semi-space-size', ['dist/src/index.js'], account, { connector, count: 1_000 });
  console.log(`after 1,000 turns: ${worked} MB as production starts it (target under 200 MB), ${worked - compiled} MB more than at rest; ${unflagged} MB with V8's default young generation`);
  await connector.stop();
  cosmos.closeAllConnections();
  cosmos.close();
}

void main();
