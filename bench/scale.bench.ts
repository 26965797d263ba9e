/**
 * The bot at partnership scale, measured as a user would run it: over HTTP with the Bot
 * Framework protocol, against the embedded Cosmos DB protocol server in a process of its own
 * (behind a proxy that counts requests and bytes), with a fake Teams connector. Beside it in
 * the same run, in interleaved rounds: a bare echo bot on the same server and adapter, and a
 * teams-ai bot keeping its turn state in Cosmos DB; the turns of that comparison are posted and
 * timed by a client in a process of its own (client.ts). Prints its figures and writes them to
 * bench/results.json and docs/performance.md.
 *
 * BENCH_ROUNDS (1000), BENCH_SWEEPS (1000,10000), BENCH_STORM (60): other sizes; BENCH_ONLY: some sections only;
 * STORM_DEBUG=1: the storm's Teams calls second by second, the limits the 429s broke, and the instances' pacing warnings. The embedded server scans
 * every item for a query (10,000 open disputes take it about 10 s), so 100,000 outruns the bot's
 * 10-second request timeout there; Azure answers the same query from its index.
 */
import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Container } from '@azure/cosmos';
import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { ConfigurationServiceClientCredentialFactory, Storage, StoreItems } from 'botbuilder';
import { createLogger } from '../src/logger';
import { createServer } from '../src/server';
import type { DisputeDocument, EventItem } from '../src/store/dispute-document';
import { eventItemId } from '../src/store/dispute-document';
import { trimDelivered, withIndexes } from '../src/store/dispute-repository';
import { connectStore, StoreConnection } from '../src/store/cosmos-connection';
import { TEAMS_THREAD_LIMITS, tenantLimits } from '../src/teams/rate-limiter';
import { CLAIM_LEASE_MS, sentForm } from '../src/teams/outbox-sender';
import { World } from '../test/support/black-box';
import { answerBody, Harness, message, startHarness, TENANT, users } from '../test/support/bot-harness';
import { button } from '../test/support/card-client';
import { FakeConnector } from '../test/support/fake-connector';
import { CASES } from '../test/support/press-cases';

/** Rounds of section 1: with 1,000, a p99 is the tenth-slowest turn of its kind (of 200, the second, which is mostly this machine's noise). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1000);
const SWEEPS = (process.env.BENCH_SWEEPS ?? '1000,10000').split(',').map(Number);
const STORM = Number(process.env.BENCH_STORM ?? 60);
/** Sections to run (turns, presses, delivery, long, sweeps, storm); all when unset. A partial run writes no results. */
const ONLY = process.env.BENCH_ONLY?.split(',');
/** The storm's claim lease: short enough that the storm outlasts it. */
const STORM_LEASE_MS = 30_000;
const TENANT_RATE = 30;

/** `pacing`: how many of `seen` were for Teams' budget shared by the instances. */
type Counts = { total: number; seen: string[]; pacing: number; sent: number; received: number; writes: number[] };

/** A helper of the bench (a .ts file beside this one) in a process of its own, once it has said it is ready; `ready` is what it said. */
function forkHelper<Ready>(file: string, env: NodeJS.ProcessEnv = process.env): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(path.join(__dirname, file), [], { execArgv: ['--require', 'tsx/cjs'], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve) => child.once('message', (ready: Ready) => resolve({ child, ready })));
}

/** Questions to a helper's process, each answer matched to its question by `id`. */
class Questions<Answer> {
  private next = 0;
  private readonly waiting = new Map<number, (answer: Answer) => void>();
  constructor(private readonly child: ChildProcess) {
    child.on('message', (m: Answer & { id?: number }) => {
      const answer = m.id === undefined ? undefined : this.waiting.get(m.id);
      if (!answer) return;
      this.waiting.delete(m.id!);
      answer(m);
    });
  }
  ask(question: object): Promise<Answer> {
    const id = ++this.next;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ ...question, id });
    });
  }
}

/** The store and its counting proxy, in their own process (outside.ts). */
class Outside {
  private readonly questions: Questions<Counts>;
  private constructor(readonly child: ChildProcess, readonly url: string) {
    this.questions = new Questions(child);
  }
  static async start(): Promise<Outside> {
    const { child, ready } = await forkHelper<{ ready: string }>('outside.ts');
    return new Outside(child, ready.ready);
  }
  /** Requests since `from` (a total from an earlier call). */
  counts(from = 0): Promise<Counts> {
    return this.questions.ask({ from });
  }
  /** CPU the store's process has used, in ms. */
  cpuMs(): number {
    const fields = fs.readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }
  stop(): void {
    this.child.kill();
  }
}

/** The Teams client of section 1, in a process of its own (client.ts): each post is timed there. */
class Client {
  private readonly questions: Questions<{ status: number; text: string; ms: number }>;
  /** How long the last post took, from its request going out to the whole answer in, as the client saw it. */
  lastMs = 0;
  private constructor(private readonly child: ChildProcess) {
    this.questions = new Questions(child);
  }
  static async start(): Promise<Client> {
    return new Client((await forkHelper('client.ts')).child);
  }
  /** Post an activity to a bot; its answer parsed as the harness parses it. */
  async post(url: string, activity: object, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const { status, text, ms } = await this.questions.ask({ url, body: JSON.stringify(activity), headers });
    if (status === 0) throw new Error(text);
    this.lastMs = ms;
    return { status, body: answerBody(text) };
  }
  stop(): void {
    this.child.kill();
  }
}

/** One bot instance of the storm, in a process of its own (storm-instance.ts). */
class Instance {
  private answer?: (m: { delivered: number; rssMb: number }) => void;
  last = { delivered: 0, rssMb: 0 };
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { idle?: true; delivered: number; rssMb: number }) => {
      if (!m.idle) return;
      this.last = m;
      this.answer?.(m);
    });
  }
  static async start(env: Record<string, string>): Promise<Instance> {
    return new Instance((await forkHelper('storm-instance.ts', { ...process.env, ...env })).child);
  }
  /** Send a command and wait until the instance has nothing left to deliver. */
  ask(command: { go: number } | { sweep: true }): Promise<{ delivered: number; rssMb: number }> {
    return new Promise((resolve) => {
      this.answer = resolve;
      this.child.send(command);
    });
  }
  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ stop: true });
    });
  }
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const kb = (x: number) => `${(x / 1024).toFixed(1)} KB`;
const lines: string[] = [];
const results: Record<string, unknown> = {};
function say(line = ''): void {
  console.log(line);
  lines.push(line);
}

/**
 * A botbuilder Storage over a Cosmos DB container: the peer bot keeps its turn state in it. As
 * botbuilder-azure's CosmosDbPartitionedStorage does: the keys of a turn read at once, and the
 * changes written at once, one point operation each.
 */
class CosmosTurnStorage implements Storage {
  constructor(private readonly container: Container) {}
  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    await Promise.all(keys.map(async (key) => {
      try {
        const { resource } = await this.container.item(encodeURIComponent(key), encodeURIComponent(key)).read();
        if (resource) out[key] = resource.state;
      } catch {
        /* not there yet */
      }
    }));
    return out;
  }
  async write(changes: StoreItems): Promise<void> {
    await Promise.all(Object.entries(changes).map(async ([key, state]) => {
      const id = encodeURIComponent(key);
      await this.container.items.upsert({ id, disputeId: id, state: { ...state, eTag: '*' } });
    }));
  }
  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.container.item(encodeURIComponent(key), encodeURIComponent(key)).delete().catch(() => undefined)));
  }
}

/** A teams-ai bot on the bot's own server code and adapter: an echo, with or without state in Cosmos DB. */
async function peerBot(storage?: Storage): Promise<{ url: string; close: () => void }> {
  const adapter = new TeamsAdapter({}, new ConfigurationServiceClientCredentialFactory({}));
  const app = new Application<TurnState>({ adapter, ...(storage ? { storage } : {}) });
  app.message(/.*/, async (context, state) => {
    if (storage) (state.conversation as { turns?: number }).turns = ((state.conversation as { turns?: number }).turns ?? 0) + 1;
    await context.sendActivity(`You said: ${context.activity.text}`);
  });
  const server = createServer({ adapter, app, ready: async () => undefined, log: createLogger('error') }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const typedRecord = (n: number) => ({ recordDate: '2026-12-24', recordTime: '09:30', recordParticipants: 'Alex Morgan, Sam Taylor', recordDiscussed: `Visit ${n}: the referral decision and what school has seen this week` });

/** Mark every pending message of a dispute delivered, kept as the sender keeps what it delivered (setting up, not measured). */
async function allDelivered(h: Harness, id: string): Promise<void> {
  await h.host.repository.apply(id, (doc) => ({ doc: withIndexes({ ...doc, outbox: trimDelivered(doc.outbox.map((o) => (o.deliveredAt || o.deadLetteredAt ? o : { ...o, delivery: sentForm(o.delivery), deliveredAt: doc.raisedAt }))) }), result: undefined }));
}

async function turns(outside: Outside, connector: FakeConnector, store: StoreConnection): Promise<void> {
  say('## 1. Turn latency, interleaved rounds');
  say('Every turn is posted by a client in a process of its own, as Teams is never in the bot\'s, and timed there from the request going out until the whole answer is in; "bot CPU" is the bots\' process over the same turn.');
  const client = await Client.start();
  const bot = await startHarness({}, { deliverAfterSave: false }, { store, connector });
  // Every turn of this section goes through the client's process, and is timed there.
  const h: Harness = { ...bot, post: (activity, headers) => client.post(bot.url, activity, headers) };
  const worlds: World[] = [];
  for (let i = 0; i < 10; i++) {
    const w = new World(h, store);
    await w.raise({}, `2026-12-2${i % 3}T1${i}:00`);
    worlds.push(w);
  }
  const save = await Promise.all(worlds.map(async (w) => button(await w.viewOf(users.alex), 'Save the record')));
  const peerContainer = (await store.database.containers.createIfNotExists({ id: 'peer-state', partitionKey: { paths: ['/disputeId'] } })).container;
  const echo = await peerBot();
  const peer = await peerBot(new CosmosTurnStorage(peerContainer));
  const hello = (i: number) => ({ ...message(h, users.alex, `hello ${i}`), conversation: { id: `a:personal-${users.alex.id}`, conversationType: 'personal', tenantId: TENANT } });
  let n = 0;
  const kinds: Record<string, () => Promise<unknown>> = {
    'echo bot': () => client.post(echo.url, hello(++n)),
    'teams-ai + Cosmos state': () => client.post(peer.url, hello(++n)),
    help: () => h.post(message(h, users.alex, 'help')),
    status: () => h.post(message(h, users.alex, 'status')),
    'card refresh': () => {
      const w = worlds[++n % worlds.length]!;
      return w.invoke(users.alex, 'dispute.refresh', { disputeId: w.disputeId });
    },
    'state-changing press': async () => {
      const i = ++n % worlds.length;
      const answer = await worlds[i]!.press(users.alex, save[i]!, typedRecord(n));
      if (!/recorded/i.test(JSON.stringify(answer.card))) throw new Error(`press not taken: ${answer.notice}`);
    },
  };
  const samples = new Map<string, number[]>(Object.keys(kinds).map((k) => [k, []]));
  const requests = new Map<string, Counts[]>(Object.keys(kinds).map((k) => [k, []]));
  const cpu = new Map<string, number[]>(Object.keys(kinds).map((k) => [k, []]));
  for (let round = 0; round < 20; round++) for (const run of Object.values(kinds)) await run(); // warm up
  // Keep the disputes' heads as a live dispute's: their messages delivered.
  for (const w of worlds) await allDelivered(h, w.disputeId);
  for (let round = 0; round < ROUNDS; round++) {
    const order = Object.keys(kinds).sort(() => Math.random() - 0.5);
    for (const kind of order) {
      const before = (await outside.counts(Number.MAX_SAFE_INTEGER)).total;
      const c0 = process.cpuUsage();
      await kinds[kind]!();
      samples.get(kind)!.push(client.lastMs);
      const c1 = process.cpuUsage(c0);
      cpu.get(kind)!.push((c1.user + c1.system) / 1000);
      requests.get(kind)!.push(await outside.counts(before));
    }
    if (round % 20 === 19) for (const w of worlds) await allDelivered(h, w.disputeId);
  }
  const echoP50 = quantile(samples.get('echo bot')!, 0.5);
  const echoP99 = quantile(samples.get('echo bot')!, 0.99);
  const table: Record<string, unknown> = {};
  say('| turn | p50 | p99 | p50 / echo | p99 / echo | bot CPU p50 | store requests | bytes to / from store |');
  say('|---|---|---|---|---|---|---|---|');
  for (const [kind, xs] of samples) {
    const p50 = quantile(xs, 0.5);
    const p99 = quantile(xs, 0.99);
    const reqs = requests.get(kind)!;
    const perTurn = reqs.map((r) => r.seen.length);
    const sent = reqs.reduce((s, r) => s + r.sent, 0) / reqs.length;
    const received = reqs.reduce((s, r) => s + r.received, 0) / reqs.length;
    const kindsSeen = [...new Set(reqs.flatMap((r) => r.seen))].join(', ') || 'none';
    table[kind] = { p50, p99, ratioP50: p50 / echoP50, ratioP99: p99 / echoP99, cpuP50: quantile(cpu.get(kind)!, 0.5), requests: quantile(perTurn, 0.5), sent, received };
    say(`| ${kind} | ${ms(p50)} | ${ms(p99)} | ${(p50 / echoP50).toFixed(2)}x | ${(p99 / echoP99).toFixed(2)}x | ${ms(quantile(cpu.get(kind)!, 0.5))} | ${quantile(perTurn, 0.5)} (${kindsSeen}) | ${kb(sent)} / ${kb(received)} |`);
  }
  results.turns = table;
  say();
  echo.close();
  peer.close();
  client.stop();
  await bot.close();
}

/**
 * Every command a card carries, pressed once by someone entitled to it in the state it is
 * pressed in (the black-box press tests' list): the store requests the press itself makes,
 * messages left to the sweep.
 */
async function pressKinds(outside: Outside, connector: FakeConnector, store: StoreConnection): Promise<void> {
  say('### Store requests for every command');
  say('Each pressed once from the card the bot sent, by the first person entitled to it, on an instance started as index.ts starts it (who is away is read in the background every 15 s, so no press waits for it).');
  say('| command | button | store requests |');
  say('|---|---|---|');
  const table: Record<string, unknown> = {};
  let most = 0;
  for (const c of CASES) {
    const h = await startHarness(c.env ?? {}, { deliverAfterSave: false }, { store, connector });
    const w = new World(h, store);
    await c.setup(w);
    // As index.ts starts the bot; begun after the setting-up, whose clock goes back to the dispute's day.
    const stopAbsences = h.host.absences.keepFresh(h.now);
    const who = c.entitled[0]!;
    const b = button(await w.viewOf(who), c.title);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the address learned from the view is written after its turn
    const before = (await outside.counts(Number.MAX_SAFE_INTEGER)).total;
    const answer = await w.press(who, b, c.typed ?? {}, 'bench');
    const counted = await outside.counts(before);
    if (answer.status !== 200 || /nothing was changed|not part of/i.test(answer.notice)) throw new Error(`${c.name}: not taken (${answer.notice})`);
    most = Math.max(most, counted.seen.length);
    table[c.name] = counted.seen;
    stopAbsences();
    say(`| ${c.name} | ${typeof c.title === 'string' ? c.title : c.title.source.replace(/^\^/, '')} | ${counted.seen.length} (${counted.seen.join(', ')}) |`);
    await h.close();
  }
  say(`Most for any press: ${most} (target at most 2).`);
  results.pressKinds = table;
  say();
}

/** Delivery: store requests per Teams call, and a whole dispute from raise to closure. */
async function delivery(outside: Outside, connector: FakeConnector, store: StoreConnection): Promise<void> {
  say('## 2. Delivery and a whole dispute');
  const h = await startHarness({}, {}, { store, connector });
  const w = new World(h, store);
  const storeFrom = (await outside.counts(Number.MAX_SAFE_INTEGER)).total;
  const teamsFrom = connector.calls.length;
  const steps: [string, () => Promise<unknown>][] = [
    ['raise', () => w.raise({}, '2026-12-21T10:00')],
    ['Alex records an account', async () => w.press(users.alex, button(await w.viewOf(users.alex), 'Save my account'), { accountPosition: 'Tier 4 indicators are met', accountImpact: 'Hungry' })],
    ['Sam records an account', async () => w.press(users.sam, button(await w.viewOf(users.sam), 'Save my account'), { accountPosition: 'Below threshold', accountImpact: 'Low' })],
    ['a conversation recorded', async () => w.press(users.alex, button(await w.viewOf(users.alex), 'Save the record'), typedRecord(1))],
    ['Alex proposes the outcome', async () => w.press(users.alex, button(await w.viewOf(users.alex), 'Propose for confirmation'), { outcome: 'A joint home visit this week', outcomeActions: 'Home visit | Sam Taylor | 06/01/2027' })],
    ['Sam confirms it', async () => w.press(users.sam, button(await w.viewOf(users.sam), 'Confirm the agreed outcome'))],
    ['Alex picks themes', async () => w.press(users.alex, button(await w.viewOf(users.alex), 'Save the themes'), { themes: 'thresholds' })],
    ['Sam picks themes', async () => w.press(users.sam, button(await w.viewOf(users.sam), 'Save the themes'), { themes: 'thresholds,information-sharing' })],
  ];
  const perStep: Record<string, unknown> = {};
  for (const [name, step] of steps) {
    const s0 = (await outside.counts(Number.MAX_SAFE_INTEGER)).total;
    const t0 = connector.calls.length;
    await step();
    await h.host.outbox.idle();
    const c = await outside.counts(s0);
    perStep[name] = { store: c.seen.length, teams: connector.calls.length - t0 };
  }
  const all = await outside.counts(storeFrom);
  const teamsCalls = connector.calls.length - teamsFrom;
  const deliveryRequests = all.seen.filter((k) => k === 'POST batch').length;
  const doc = (await h.host.service.load(w.disputeId))!;
  say(`Raise to closure in ${steps.length} steps (each with the card views people opened): ${all.seen.length} store requests, ${teamsCalls} Teams calls; dispute ${doc.status}.`);
  say(`Writes (head + history in one batch) ${deliveryRequests}; store requests per Teams call over the whole story ${(all.seen.length / teamsCalls).toFixed(2)}, of which ${(all.pacing / teamsCalls).toFixed(2)} for Teams' budget shared by the instances (${all.pacing} reservations; sends made together share one).`);
  results.wholeDispute = { steps: perStep, storeRequests: all.seen.length, pacingRequests: all.pacing, teamsCalls, status: doc.status };
  say();
  await h.close();
}

/** A press on disputes with 10, 100 and 300 conversation records: bytes written and latency. */
async function longDisputes(outside: Outside, connector: FakeConnector, store: StoreConnection): Promise<void> {
  say('## 3. A press on a long dispute');
  say('| records | head written per press | moved per press (to + from store) | p50 | p99 |');
  say('|---|---|---|---|---|');
  const h = await startHarness({}, { deliverAfterSave: false }, { store, connector });
  const table: Record<string, unknown> = {};
  for (const records of [10, 100, 300]) {
    const w = new World(h, store);
    await w.raise({}, '2026-12-21T10:00');
    for (let i = 0; i < records; i++) {
      await h.host.service.act(w.disputeId, users.alex, { kind: 'record-conversation', record: { id: `seed-${i}`, heldAt: '2026-12-21T10:00:00.000Z', participants: 'Alex Morgan, Sam Taylor', discussed: typedRecord(i).recordDiscussed, agreed: '' } } as never);
      if (i % 50 === 49) await allDelivered(h, w.disputeId);
    }
    await allDelivered(h, w.disputeId);
    const save = button(await w.viewOf(users.alex), 'Save the record');
    const written: number[] = [];
    const moved: number[] = [];
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const before = (await outside.counts(Number.MAX_SAFE_INTEGER)).total;
      const t0 = performance.now();
      await w.press(users.alex, save, typedRecord(1000 + i));
      times.push(performance.now() - t0);
      const c = await outside.counts(before);
      written.push(c.writes[0] ?? 0);
      moved.push(c.sent + c.received);
      await allDelivered(h, w.disputeId);
    }
    table[records] = { written: quantile(written, 0.5), moved: quantile(moved, 0.5), p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
    say(`| ${records} | ${kb(quantile(written, 0.5))} | ${kb(quantile(moved, 0.5))} | ${ms(quantile(times, 0.5))} | ${ms(quantile(times, 0.99))} |`);
  }
  const t = table as Record<number, { written: number }>;
  say(`Bytes written per press, 300 records / 10 records: ${(t[300]!.written / t[10]!.written).toFixed(2)}x (target at most 1.2x). The largest head stays ${kb(t[300]!.written)}, far from Cosmos DB's 2 MB item limit.`);
  results.longDisputes = table;
  say();
  await h.close();
}

/**
 * Copies of one real dispute, `count` of them, each with its own thread; `dueShare` of them
 * with their Stage 1 timescale run out at `now` (the rest due months later).
 */
async function seed(store: StoreConnection, template: DisputeDocument, events: EventItem[], count: number, dueShare: number, now: Date): Promise<void> {
  const base = JSON.parse(JSON.stringify(template)) as DisputeDocument;
  delete base._etag;
  for (const key of ['_rid', '_self', '_ts', '_attachments']) delete (base as unknown as Record<string, unknown>)[key];
  const dueEvery = dueShare ? Math.round(1 / dueShare) : 0;
  let next = 0;
  const one = async (i: number) => {
    const id = `seed-${count}-${i}`;
    const due = dueEvery && i % dueEvery === 0;
    const reference = `PD-2026-${String(10_000 + i)}`;
    const deadline = { ...(base.state as { deadline: object }).deadline, due: new Date(now.getTime() - 60_000).toISOString(), reminders: [] };
    const thread = base.thread ? { thread: { ...base.thread, conversationId: `${base.thread.conversationId.split(';')[0]};messageid=${id}`, rootActivityId: id } } : {};
    const head = { ...base, ...thread, id, disputeId: id, reference, state: { ...base.state, id, reference, deadline }, dueAt: due ? deadline.due : '2027-06-01T09:00:00.000Z' };
    await store.disputes.items.batch([{ operationType: 'Create', partitionKey: id, resourceBody: head as never }, ...events.map((e) => ({ operationType: 'Create' as const, partitionKey: id, resourceBody: { ...e, id: eventItemId(id, e.seq), disputeId: id } as never }))], id);
  };
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < count) await one(next++);
  }));
}

async function sweeps(outside: Outside, connector: FakeConnector): Promise<number> {
  say('## 4. Deadline sweeps over many open disputes');
  say('| open disputes | due | store requests | bot CPU | store CPU | wall time |');
  say('|---|---|---|---|---|---|');
  const table: Record<string, unknown> = {};
  let rss = 0;
  for (const count of SWEEPS) {
    for (const dueShare of [0, 0.01]) {
      const store = await connectStore({ kind: 'account', endpoint: outside.url, key: 'local', database: `sweep-${count}-${dueShare}`, allowSelfSignedCertificate: false });
      const h = await startHarness({}, { deliverAfterSave: false }, { store, connector });
      const w = new World(h, store);
      await w.raise({}, '2026-12-21T10:00');
      const template = (await h.host.service.load(w.disputeId))!;
      const events = (await h.host.service.history(w.disputeId)).map((e) => ({ ...e, id: '', disputeId: '', type: 'event' as const }));
      // Before the template's own first reminder: only the copies made due are due.
      await seed(store, template, events, count, dueShare, new Date('2026-12-21T12:00:00Z'));
      h.setNow(new Date('2026-12-21T12:00:00Z'));
      const before = (await outside.counts(Number.MAX_SAFE_INTEGER)).total;
      const storeCpu = outside.cpuMs();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const fired = await h.host.scheduler.sweep();
      const wall = performance.now() - t0;
      const c1 = process.cpuUsage(c0);
      const c = await outside.counts(before);
      const row = { fired, requests: c.seen.length, botCpu: (c1.user + c1.system) / 1000, storeCpu: outside.cpuMs() - storeCpu, wall };
      table[`${count}/${dueShare}`] = row;
      say(`| ${count.toLocaleString('en-GB')} | ${fired} | ${row.requests} | ${ms(row.botCpu)} | ${ms(row.storeCpu)} | ${ms(wall)} |`);
      if (count === Math.max(...SWEEPS) && dueShare === 0) {
        global.gc?.();
        rss = process.memoryUsage().rss;
      }
      await h.close();
      await store.database.delete();
      store.close();
    }
  }
  const first = table[`${SWEEPS[0]}/0`] as { requests: number; botCpu: number };
  const last = table[`${SWEEPS.at(-1)}/0`] as { requests: number; botCpu: number };
  say(`None due: ${SWEEPS.at(-1)!.toLocaleString('en-GB')} open disputes against ${SWEEPS[0]!.toLocaleString('en-GB')}: ${(last.requests / first.requests).toFixed(2)}x the store requests, ${(last.botCpu / first.botCpu).toFixed(2)}x the bot CPU (target 1.2x). The embedded server scans every item for a query; Azure answers from the index, so its time is shown apart.`);
  results.sweeps = table;
  say();
  return rss;
}

/** The shortest time Teams' limits allow for these calls: each sent as early as every window lets it. */
function boundMs(calls: { thread?: string }[], tenantPerSecond: number): number {
  const windows = new Map<string, number[]>();
  let t = 0;
  const tenant = tenantLimits(tenantPerSecond, 1);
  for (const call of calls) {
    const keys: [string, { count: number; windowMs: number }[]][] = [['tenant', tenant], ...(call.thread ? [[`t:${call.thread}`, TEAMS_THREAD_LIMITS] as [string, { count: number; windowMs: number }[]]] : [])];
    let at = 0;
    for (const [key, limits] of keys) {
      const times = windows.get(key) ?? [];
      for (const { count, windowMs } of limits) if (times.length >= count) at = Math.max(at, times[times.length - count]! + windowMs);
    }
    for (const [key] of keys) windows.set(key, [...(windows.get(key) ?? []), at]);
    t = Math.max(t, at);
  }
  return t;
}

async function storm(outside: Outside): Promise<void> {
  say(`## 5. A storm: ${STORM} deadlines due at the same moment`);
  say(`The fake connector answers 429 with Retry-After to any call over Teams' limits: ${TENANT_RATE} a second for the tenant, and per thread 7/1 s, 8/2 s, 60/30 s (a channel's threads counted together).`);
  say(`The bots' clocks run in real time from the moment the deadlines fall due, they retry as in production (Retry-After honoured), and a delivery claim holds ${STORM_LEASE_MS / 1000} s instead of ${CLAIM_LEASE_MS / 1000} s, so the storm outlasts its claims: a message sent twice would show as duplicated.`);
  say('Each instance is a process of its own; they share the store and Teams only over HTTP, and Teams\' budget through the store.');
  say('| instances | Teams calls | delivered by each | to the last delivery | bound the limits allow | ratio | 429s | lost | duplicated | labelled "sent again" |');
  say('|---|---|---|---|---|---|---|---|---|---|');
  const table: Record<string, unknown> = {};
  for (const instances of [1, 2]) {
    const connector = await new FakeConnector().start();
    connector.enforceLimits({ thread: TEAMS_THREAD_LIMITS, tenant: tenantLimits(TENANT_RATE, 1) });
    const store = await connectStore({ kind: 'account', endpoint: outside.url, key: 'local', database: `storm-${instances}`, allowSelfSignedCertificate: false });
    // Real time from the moment the deadlines fall due: claims age as they would in production.
    const due = new Date('2026-12-21T12:00:00Z').getTime();
    const first = await startHarness({}, {}, { store, connector });
    const w = new World(first, store);
    await w.raise({}, '2026-12-21T10:00');
    const template = (await first.host.service.load(w.disputeId))!;
    const events = (await first.host.service.history(w.disputeId)).map((e) => ({ ...e, id: '', disputeId: '', type: 'event' as const }));
    await store.disputes.item(w.disputeId, w.disputeId).delete();
    await seed(store, template, events, STORM, 1, new Date(due));
    await first.close();
    // Each instance a process of its own, sharing the store and Teams with the others only over HTTP.
    const env = { STORM_STORE_URL: outside.url, STORM_DATABASE: `storm-${instances}`, STORM_TENANT_RATE: String(TENANT_RATE), STORM_INSTANCES: String(instances), STORM_LEASE_MS: String(STORM_LEASE_MS), STORM_DUE: String(due) };
    const hosts = await Promise.all(Array.from({ length: instances }, () => Instance.start(env)));
    // The setting-up's own sends (the template's raise) count as long ago, for Teams and for the bots' shared budget alike.
    connector.reset();
    connector.forgetLimits();
    connector.throttled = 0;
    connector.throttledBy.clear();
    await store.sequences.item('teams-pacing', 'teams-pacing').delete().catch(() => undefined);
    const t0 = performance.now();
    await Promise.all(hosts.map((h) => h.ask({ go: performance.timeOrigin + t0 })));
    // Messages that met a 429 wait for the outbox sweep, as in production (every few seconds).
    for (;;) {
      const pending = (await store.disputes.items.query<number>('SELECT VALUE COUNT(1) FROM c WHERE c.pendingEffects > 0').fetchAll()).resources[0] ?? 0;
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 1000));
      await Promise.all(hosts.map((h) => h.ask({ sweep: true })));
    }
    const last = Math.max(...connector.calls.map((c) => c.at)) - (performance.timeOrigin + t0);
    const posts = connector.calls.filter((c) => c.method === 'POST' && /moved to Stage 2/.test(JSON.stringify(c.body)));
    const perThread = new Map<string, number>();
    for (const p of posts) perThread.set(p.conversationId, (perThread.get(p.conversationId) ?? 0) + 1);
    const lost = STORM - perThread.size;
    const duplicated = [...perThread.values()].filter((n) => n > 1).length;
    const bound = boundMs(connector.calls.map((c) => ({ ...(c.conversationId.startsWith('19:') ? { thread: c.conversationId.split(';')[0] } : {}) })), TENANT_RATE);
    if (process.env.STORM_DEBUG) {
      const hist = new Map<number, string>();
      for (const c of connector.calls) {
        const sec = Math.floor((c.at - (performance.timeOrigin + t0)) / 1000);
        hist.set(sec, (hist.get(sec) ?? '') + (c.conversationId.startsWith('19:') ? (c.method === 'PUT' ? 'u' : 't') : 'p'));
      }
      console.log([...connector.throttledBy.entries()].join('; '));
      console.log([...hist.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}:${v}`).join(' '));
    }
    const labelled = connector.calls.filter((c) => JSON.stringify(c.body).includes('Sent again after an interruption')).length;
    const shares = hosts.map((h) => h.last.delivered);
    table[instances] = { calls: connector.calls.length, lastMs: last, boundMs: bound, throttled: connector.throttled, lost, duplicated, labelled, delivered: shares };
    say(`| ${instances} | ${connector.calls.length} | ${shares.join(' + ')} | ${(last / 1000).toFixed(1)} s | ${(bound / 1000).toFixed(1)} s | ${(last / bound).toFixed(2)}x | ${connector.throttled} | ${lost} | ${duplicated} | ${labelled} |`);
    await Promise.all(hosts.map((h) => h.stop()));
    await store.database.delete();
    store.close();
    await connector.stop();
  }
  results.storm = table;
  say();
}

async function main(): Promise<void> {
  const outside = await Outside.start();
  const connector = await new FakeConnector().start();
  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  say('## The last run');
  say();
  say(`Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, by \`npm run bench\` (${ROUNDS} rounds).`);
  say('The store is the embedded Cosmos DB protocol server in a process of its own, behind a proxy that counts requests and bytes; Teams is a fake connector in the bot\'s process.');
  say();
  const run = (section: string) => !ONLY || ONLY.includes(section);
  const store = await connectStore({ kind: 'account', endpoint: outside.url, key: 'local', database: 'bench', allowSelfSignedCertificate: false });
  if (run('turns')) await turns(outside, connector, store);
  if (run('presses')) await pressKinds(outside, connector, store);
  if (run('delivery')) await delivery(outside, connector, store);
  if (run('long')) await longDisputes(outside, connector, store);
  store.close();
  const rss = run('sweeps') ? await sweeps(outside, connector) : 0;
  if (run('storm')) await storm(outside);
  if (run('sweeps')) {
    say('## 6. Memory');
    say(`The bot's resident memory after the ${SWEEPS.at(-1)!.toLocaleString('en-GB')}-dispute sweep, with the store in its own process: ${(rss / 2 ** 20).toFixed(0)} MB (target under 200 MB; it includes the bench's fake connector and TypeScript run through tsx).`);
    results.rssMb = rss / 2 ** 20;
  }
  results.machine = machine;
  say();
  // A partial run (BENCH_ONLY) prints its figures and leaves the recorded ones alone.
  if (!ONLY) {
    fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    const doc = path.join(__dirname, '..', 'docs', 'performance.md');
    const intro = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8').split('<!-- figures -->')[0]! : '';
    fs.writeFileSync(doc, `${intro}<!-- figures -->\n\n${lines.join('\n')}\n`);
  }
  await connector.stop();
  outside.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
