import type { BotHostOptions } from '../../src/bot-host';
import path from 'node:path';
import { startEmbeddedCosmosServer } from '../../src/store/embedded-server';
import type { Server } from 'node:http';
import { connectStore, StoreConnection } from '../../src/store/cosmos-connection';
import { fromPerson, Harness, SAMPLE_PEOPLE, startHarness, TENANT, ukTime, User, users } from './bot-harness';
import { button, CardButton, pressData } from './card-client';
import { FakeConnector } from './fake-connector';
import { StoreFaultProxy } from './store-fault-proxy';

/** People of the sample partnership, as Teams sends them. Dev Singh is a police sergeant with no part in the disputes. */
export const people = {
  ...users,
  /** A police sergeant in the Police's own tenant, through the shared channel. */
  dev: SAMPLE_PEOPLE.find((p) => p.directoryId === 'user-dev')!,
  /** A Conference Chair who, in TWO_SECRETARIAT, is also in the secretariat: no part in a 4LSCB dispute's details. */
  helen: SAMPLE_PEOPLE.find((p) => p.directoryId === 'user-helen')!,
  /** A board member in the sample directory (bodies.board), in the Police's tenant: the partnership's picture, no part in a dispute. */
  kate: SAMPLE_PEOPLE.find((p) => p.directoryId === 'user-kate')!,
  /** Hillside's deputy safeguarding lead: a first-line manager who may cover for Priya. */
  rob: SAMPLE_PEOPLE.find((p) => p.directoryId === 'user-rob')!,
  /** The MASH's Area Director: may cover for Jo. */
  lou: SAMPLE_PEOPLE.find((p) => p.directoryId === 'user-lou')!,
};

/** How many presses the suite made, by kind; printed at the end. */
export const pressCounts = new Map<string, number>();
const count = (kind: string) => pressCounts.set(kind, (pressCounts.get(kind) ?? 0) + 1);

/** How many presses and views the suite sent, by the kind of identity that sent them (member, guest, shared channel, unlisted). */
export const identityCounts = new Map<string, number>();

/**
 * The shared rig: one embedded Cosmos DB protocol server behind a fault-injecting proxy, and
 * one fake Teams connector. Each world is a fresh bot on its own database, so one case's
 * clock never fires another case's deadlines.
 */
export class Rig {
  private server?: Server;
  proxy!: StoreFaultProxy;
  connector!: FakeConnector;
  private worlds = 0;

  async start(): Promise<this> {
    const { server, endpoint } = await startEmbeddedCosmosServer();
    this.server = server;
    this.proxy = await new StoreFaultProxy(endpoint).start();
    this.connector = await new FakeConnector().start();
    return this;
  }

  async world(env: Record<string, string> = {}, options: Partial<BotHostOptions> = {}): Promise<World> {
    const store = await connectStore({ kind: 'account', endpoint: this.proxy.url, key: 'local', database: `black-box-${++this.worlds}`, allowSelfSignedCertificate: false });
    const h = await startHarness(env, { pressBudgetMs: 1500, ...options }, { store, connector: this.connector });
    return new World(h, store);
  }

  /** Another instance of the bot, on `w`'s store and this rig's connector, looking at `w`'s dispute. */
  async anotherInstance(w: World): Promise<World> {
    const other = new World(await startHarness({}, { pressBudgetMs: 1500 }, { store: w.store, connector: this.connector }), w.store);
    other.thread = w.thread;
    other.disputeId = w.disputeId;
    return other;
  }

  async stop(): Promise<void> {
    // Teams would have refused these: a call naming someone by an id or tenant not theirs fails the file.
    const refused = [...this.connector.violations];
    await this.proxy.stop();
    await this.connector.stop();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    if (refused.length) throw new Error(`Teams would have refused ${refused.length} call(s): ${[...new Set(refused)].join('; ')}`);
  }
}

export interface Answer {
  status: number;
  card: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The one-line result or refusal at the top of the card, or the whole text of a small card. */
  notice: string;
  ms: number;
}

/** The one-line result or refusal at the top of an answer card, or a one-line card's text. */
export function noticeOf(card: any): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  const body: any[] = card?.body ?? []; // eslint-disable-line @typescript-eslint/no-explicit-any
  // The notice is a RichTextBlock's one bold run: typed text in a refusal is never rendered as markdown.
  const lead = (e: any) => (e?.type === 'RichTextBlock' ? e.inlines?.[0] : e); // eslint-disable-line @typescript-eslint/no-explicit-any
  const container = body.find((e) => e.type === 'Container' && (e.style === 'good' || e.style === 'attention') && lead(e.items?.[0])?.weight === 'Bolder');
  if (container) return lead(container.items[0]).text;
  return body.length === 1 ? body[0].text ?? '' : '';
}

/** One bot, its store and the dispute a case is about. */
export class World {
  thread = '';
  disputeId = '';

  constructor(readonly h: Harness, readonly store: StoreConnection) {}

  channel() {
    return { id: this.thread, conversationType: 'channel', tenantId: TENANT };
  }

  /** Send an invoke as Teams does for an Action.Execute press. */
  async invoke(from: User, verb: string, data: unknown, conversation: object = this.channel()): Promise<Answer> {
    const started = Date.now();
    identityCounts.set(from.kind, (identityCounts.get(from.kind) ?? 0) + 1);
    const res = await this.h.post({
      type: 'invoke', name: 'adaptiveCard/action', id: `press-${Math.random()}`, timestamp: new Date().toISOString(), serviceUrl: this.h.connector.url, channelId: 'msteams',
      recipient: { id: '28:bot', name: 'Professional Disagreements' }, ...fromPerson(from, conversation), locale: 'en-GB',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
    const card = res.body?.value;
    return { status: res.status, card, notice: noticeOf(card), ms: Date.now() - started };
  }

  /** Press a button found on a card, with typed values, as `from`: in the thread, or where the card was sent. */
  press(from: User, b: CardButton, typed: Record<string, string> = {}, kind = 'single', conversation: object = this.channel()): Promise<Answer> {
    count(kind);
    return this.invoke(from, b.verb, pressData(b, typed), conversation);
  }

  /** A person's own chat with the bot. */
  personal(user: User) {
    return { id: `a:personal-${user.id}`, conversationType: 'personal', tenantId: user.tenantId };
  }

  /** The thread card everyone sees now: as posted, or as last updated. */
  threadCard(): any { // eslint-disable-line @typescript-eslint/no-explicit-any
    const updates = this.h.connector.updatesIn(this.thread);
    if (updates.length) return updates.at(-1)!.body.attachments[0].content;
    const created = this.h.connector.threadsCreated().find((c) => c.body.activity?.attachments?.[0]?.content?.actions?.[0]?.data?.disputeId === this.disputeId);
    return created?.body.activity.attachments[0].content;
  }

  /**
   * What a person sees in the thread: Teams refreshes the card for the people it lists in
   * `refresh.userIds`; anyone else can press "Show my view". Both send the card's own refresh action.
   */
  async viewOf(person: User): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const card = this.threadCard();
    const refresh = card.refresh?.userIds?.includes(person.id) ? card.refresh.action : button(card, 'Show my view');
    count('refresh');
    return (await this.invoke(person, refresh.verb, refresh.data)).card;
  }

  /** The dispute as stored, for assertions that nothing changed. */
  async stored(): Promise<{ events: number; stage: number; status: string; state: unknown }> {
    const doc = await this.h.host.service.load(this.disputeId);
    return { events: doc!.sealed.seq, stage: doc!.state.stage, status: doc!.state.status, state: doc!.state };
  }

  async settle(): Promise<void> {
    await this.h.host.outbox.idle();
  }

  /** Raise from the raise card the bot sends, as Alex fills it in. */
  async raise(typed: Record<string, string> = {}, at = '2026-12-24T10:00', by: User = users.alex): Promise<Answer> {
    this.h.setNow(ukTime(at));
    await this.h.post({
      type: 'message', id: `m-${Math.random()}`, text: 'raise', serviceUrl: this.h.connector.url, channelId: 'msteams',
      recipient: { id: '28:bot', name: 'Professional Disagreements' }, ...fromPerson(by, this.personal(by)),
    });
    const form = this.raiseForm(by);
    count('raise');
    const answer = await this.invoke(by, 'raise.submit', pressData(button(form, 'Raise disagreement'), { ...RAISE_TYPED, ...typed }), this.personal(by));
    await this.settle();
    const reference = /Disagreement (PD-\d{4}-\d{4}) raised/.exec(JSON.stringify(answer.card))?.[1];
    if (!reference) throw new Error(`raise failed: ${JSON.stringify(answer.card)}`);
    let doc = (await this.h.host.service.mine(by)).find((d) => d.reference === reference)!;
    if (!doc.thread) {
      // Delivery left to the sweep (deliverAfterSave: false): the thread opens when it runs.
      await this.h.host.outbox.sweep();
      doc = (await this.h.host.service.load(doc.id))!;
    }
    this.disputeId = doc.id;
    this.thread = doc.thread!.conversationId;
    return answer;
  }

  /** The last raise form the bot sent to a person's chat. */
  raiseForm(by: User): any { // eslint-disable-line @typescript-eslint/no-explicit-any
    return raiseFormSentTo(this.h.connector, by);
  }

  /** The protocol's clock moves on to a UK time; what falls due fires and is delivered. */
  async timeReaches(local: string): Promise<void> {
    this.h.setNow(ukTime(local));
    await this.h.host.scheduler.sweep();
    await this.settle();
  }

  async close(): Promise<void> {
    await this.h.close();
    await this.store.close();
  }
}

/** The last raise form the bot sent to a person's own chat, as the connector received it. */
export function raiseFormSentTo(connector: FakeConnector, by: User): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  return connector.repliesTo(`a:personal-${by.id}`).map((c) => c.body.attachments?.[0]?.content).filter((card) => card && JSON.stringify(card).includes('raise.submit')).at(-1);
}

/** What Alex types into the raise card: a standard disagreement with Sam Taylor at the MASH. */
export const RAISE_TYPED = {
  respondentId: users.sam.directoryId,
  route: 'standard',
  caseReference: 'HPS-4411',
  initials: 'J.B.',
  about: 'Referral closed with no further action',
  indicators: 'Neglect,Parental substance misuse',
  tier: 'tier-4',
  impact: 'Arrives hungry and has missed two medical appointments',
  tried: 'Phoned the duty desk twice',
  consent: 'not-applicable',
};

/** The sample partnership with Helen Ward in the secretariat too. */
export const TWO_SECRETARIAT = path.join(__dirname, '..', 'fixtures', 'directory-two-secretariat.json');

export const MISSING_MANAGER_DIRECTORY = path.join(__dirname, '..', 'fixtures', 'directory-missing-manager.json');
