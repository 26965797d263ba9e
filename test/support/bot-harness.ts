import { httpServer } from '../../src/http-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { Writable } from 'node:stream';
import { BotHost, BotHostOptions, createBotHost } from '../../src/bot-host';
import { Config, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { connectStore, StoreConnection } from '../../src/store/cosmos-connection';
import { FakeConnector } from './fake-connector';
import { activityTenants, PARTNERSHIP_TENANT, TeamsPerson, teamsPerson } from './teams-people';

export const TENANT = PARTNERSHIP_TENANT;
export const CHANNEL = '19:disputes-test@thread.tacv2';

/** The sample partnership's people, as Teams sends them (see teams-people.ts). */
export const users = {
  alex: teamsPerson('user-alex', 'Alex Morgan', '00000000-0000-0000-0000-0000000000a1', 'guest'),
  sam: teamsPerson('user-sam', 'Sam Taylor', '00000000-0000-0000-0000-0000000000b2', 'member'),
  priya: teamsPerson('user-priya', 'Priya Shah', '00000000-0000-0000-0000-0000000000c3', 'guest'),
  jo: teamsPerson('user-jo', 'Jo Evans', '00000000-0000-0000-0000-0000000000d4', 'member'),
  chris: teamsPerson('user-chris', 'Chris Lee', '00000000-0000-0000-0000-0000000000e5', 'member'),
  outsider: teamsPerson('user-outsider', 'Olly Outsider', '00000000-0000-0000-0000-0000000000f6', 'unlisted'),
};
export type User = TeamsPerson;

/** Everyone the sample partnership's tests act as, for the fake connector to check what Teams would accept. */
export const SAMPLE_PEOPLE: TeamsPerson[] = [
  ...Object.values(users),
  teamsPerson('user-dev', 'Dev Singh', '00000000-0000-0000-0000-0000000000f7', 'shared-channel'),
  teamsPerson('user-kate', 'Kate Hughes', '00000000-0000-0000-0000-0000000000a8', 'shared-channel'),
  teamsPerson('user-lou', 'Lou Patel', '00000000-0000-0000-0000-0000000000b9', 'member'),
  teamsPerson('user-helen', 'Helen Ward', '00000000-0000-0000-0000-0000000000ca', 'member'),
  teamsPerson('user-rob', 'Rob Grey', '00000000-0000-0000-0000-0000000000cb', 'guest'),
];

/** Every log line the bot wrote, to check nothing confidential reaches the logs. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  }
}

export interface Harness {
  url: string;
  connector: FakeConnector;
  host: BotHost;
  store: StoreConnection;
  logs: LogCapture;
  config: Config;
  setNow(date: Date): void;
  /** The bot's clock. */
  now(): Date;
  post(activity: object, headers?: Record<string, string>): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

/** Another bot instance sharing a store and a connector with the first. */
export interface Shared {
  store: StoreConnection;
  connector: FakeConnector;
}

/** A bot's answer as the tests read it: JSON parsed, plain text (a 401's, say) as it came, nothing as undefined. */
export function answerBody(text: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** The sample partnership's settings, as every test bot runs with them. */
export function harnessConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    DISPUTES_CHANNEL_ID: CHANNEL,
    DIRECTORY_FILE: path.join(__dirname, '..', '..', 'directory', 'sample-partnership.json'),
    EMERGENCY_CONTACT: 'the MASH on 0300 123 4567',
    LOG_LEVEL: 'info',
    ...env,
  });
}

export async function startHarness(env: Record<string, string> = {}, options: Partial<BotHostOptions> = {}, shared?: Shared): Promise<Harness> {
  const connector = shared?.connector ?? (await new FakeConnector().start());
  connector.knows(SAMPLE_PEOPLE);
  const config = harnessConfig(env);
  const store = shared?.store ?? (await connectStore({ kind: 'embedded', database: 'bot-test' }));
  const logs = new LogCapture();
  let now = new Date('2026-12-24T16:30:00Z');
  const host = createBotHost({
    config,
    store,
    log: createLogger('info', logs),
    clock: () => now,
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 50, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))), random: () => 0.5 },
    // Each test bot paces against a budget of its own, as if in a tenant of its own; bots that share one say so.
    pacingId: `teams-pacing-${randomUUID()}`,
    ...options,
  });
  const server: Server = await new Promise((resolve) => {
    // The server the bot runs on in production, with its header and body timeouts.
    const s = httpServer(host.http).listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    connector,
    host,
    store,
    logs,
    config,
    setNow: (date) => {
      now = date;
    },
    now: () => now,
    async post(activity, headers = {}) {
      const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
      return { status: res.status, body: answerBody(await res.text()) };
    },
    async close() {
      await host.outbox.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (shared) return;
      await store.close();
      await connector.stop();
      if (connector.violations.length) throw new Error(`Teams would have refused ${connector.violations.length} call(s): ${[...new Set(connector.violations)].join('; ')}`);
    },
  };
}

let sequence = 0;

/** An activity from a person as Teams sends it: their `29:` id and object id, their tenant and the conversation's. */
export function fromPerson(from: User, conversation: { conversationType?: string; tenantId?: string }) {
  const tenants = activityTenants(from, conversation.conversationType === 'channel' || conversation.conversationType === 'groupChat');
  return {
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    conversation: { ...conversation, tenantId: tenants.conversationTenant },
    channelData: tenants.channelData,
  };
}

function base(h: Harness, from: User, conversation: object) {
  return {
    id: `in-${++sequence}`,
    timestamp: new Date().toISOString(),
    serviceUrl: h.connector.url,
    channelId: 'msteams',
    recipient: { id: '28:bot', name: 'Professional Disagreements' },
    ...fromPerson(from, conversation),
    locale: 'en-GB',
  };
}

/** A person's own chat with the bot: Teams' 1:1 conversation, in their own tenant. */
export const personal = (user: User) => ({ id: `a:personal-${user.id}`, conversationType: 'personal', tenantId: user.tenantId });

export function message(h: Harness, from: User, text: string, conversation: object = personal(from)) {
  return { ...base(h, from, conversation), type: 'message', text };
}

export function invoke(h: Harness, from: User, verb: string, data: object, conversation: object = personal(from)) {
  return { ...base(h, from, conversation), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } };
}

/** The text a person would read on a card: every string value in it. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(card);
  return out.join('\n');
}

export const validRaise = {
  respondentId: users.sam.directoryId,
  raiserAgency: 'Hillside Primary School',
  respondentAgency: 'Children\'s Social Care (MASH)',
  route: 'mash-referral',
  caseReference: 'HPS-4411',
  initials: 'j.b.',
  about: 'Referral closed with no further action',
  indicators: 'Neglect,Parental substance misuse',
  tier: 'tier-4',
  impact: 'Arrives hungry and has missed two medical appointments',
  tried: 'Phoned the duty desk twice',
  consent: 'given',
  immediateRisk: 'false',
};

/** A UK local time, as people read the protocol's clock. */
export const ukTime = (local: string): Date => DateTime.fromISO(local, { zone: 'Europe/London' }).toJSDate();

export const standardRaise = { ...validRaise, route: 'standard', consent: 'not-applicable' };

/** Raise a dispute as Alex at a given moment, deliver its messages, and return its id. */
export async function raiseDispute(h: Harness, at: Date, data: object = standardRaise): Promise<string> {
  h.setNow(at);
  const res = await h.post(invoke(h, users.alex, 'raise.submit', data));
  const reference = /Disagreement (PD-\d{4}-\d{4}) raised/.exec(cardText(res.body?.value))?.[1];
  if (!reference) throw new Error(`raise failed: ${cardText(res.body?.value)}`);
  await h.host.outbox.idle();
  return (await h.host.service.mine(users.alex)).find((d) => d.reference === reference)!.id;
}

/** The protocol's clock moves to a moment: sweep what has come due and deliver what that decided. */
export async function timePasses(h: Harness, at: Date): Promise<number> {
  h.setNow(at);
  const fired = await h.host.scheduler.sweep();
  await h.host.outbox.idle();
  return fired;
}
