import { randomUUID } from 'node:crypto';
import { CardFactory } from 'botbuilder';
import type { Activity } from 'botbuilder';
import { threadCard, writtenAccountCard } from '../cards/views';
import { renderDocument } from '../documents/dispute-documents';
import { consentCard } from '../documents/file-delivery';
import { wholeDispute } from '../commands';
import { compileWrittenAccount } from '../documents/written-account';
import type { Logger } from '../logger';
import type { Delivery, DisputeDocument, OutboxItem, ThreadRef } from '../store/dispute-document';
import { ConcurrencyError, DisputeRepository, trimDelivered, withIndexes } from '../store/dispute-repository';
import type { SealedEvent } from '../store/history-chain';
import { inThread } from './deliveries';
import { mentionMessage } from './notice-text';
import { statusOf } from './retry';
import type { Origin, TeamsGateway } from './teams-gateway';
import { ClaimLapsed, underClaim } from './teams-gateway';
import type { AddressBook } from './address-book';
import type { CalendarEntry } from '../meetings/calendar';
import type { MeetingSync } from '../meetings/meeting-sync';
import { entitledViewers } from '../domain/roles';
import { forDispute, traced } from '../telemetry';

export interface OutboxSettings {
  partnershipName: string;
  disputesChannelId: string;
  disputesTeamId: string;
  /** Attempts at one message before it is given up and the operator told. */
  maxAttempts: number;
  /** A channel where operators are told of messages that could not be delivered; empty for the log only. */
  operationsChannelId: string;
  /** The partnership's tenant, where its team and channels are: every thread is opened there, whoever raised the dispute. */
  partnershipTenantId: string;
  /** How long a claim holds (CLAIM_LEASE_MS); the benchmark shortens it so that a storm outlasts it. */
  claimLeaseMs?: number;
}

/**
 * What became of one send, as Company Communicator types it: delivered, worth another try
 * later (throttled, Teams or the network failing), refused for good (a bad request), or the
 * recipient gone (not found, or the bot removed or blocked).
 */
export type SendResult = 'sent' | 'retry' | 'failed-for-good' | 'recipient-gone';

export function sendResultOf(error: unknown, delivery: Delivery): Exclude<SendResult, 'sent'> {
  const status = statusOf(error);
  if (status === undefined || status === 408 || status === 412 || status === 429 || status >= 500) return 'retry';
  // The calendar refusing the bot (403) is its permissions, which no retry mends: the operator is told.
  if (status === 403 && delivery.kind === 'calendar') return 'failed-for-good';
  if (status === 403 || status === 404) {
    // A person who left or blocked the bot is gone; the disputes channel answering 403 usually
    // means the bot was removed from the team for a while, so thread messages keep trying.
    return delivery.kind === 'personal' || delivery.kind === 'written-account' ? 'recipient-gone' : 'retry';
  }
  return 'failed-for-good';
}

/** How long a claim to send an item holds before another instance may take it over. */
export const CLAIM_LEASE_MS = 120_000;

/** A send is made only with this much of its claim left (a sixth of a shorter lease): time for Teams' answer before another instance may take over. */
const LEASE_MARGIN_MS = 20_000;
const marginOf = (leaseMs: number) => Math.min(LEASE_MARGIN_MS, leaseMs / 6);

/** Prefixed to a message resent after an interruption that may have sent it already. */
export const REPEAT_NOTE = '(Sent again after an interruption: you may see this message twice.)';

/** A deep link that opens a dispute's thread in Teams. */
export function threadLink(thread: ThreadRef | undefined, teamId: string): string {
  if (!thread) return '';
  const query = new URLSearchParams({ tenantId: thread.tenantId, parentMessageId: thread.rootActivityId, ...(teamId ? { groupId: teamId } : {}) });
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(thread.channelId)}/${thread.rootActivityId}?${query}`;
}

const card = (content: object): Partial<Activity> => ({ type: 'message', attachments: [CardFactory.adaptiveCard(content)] });

/** Items one claim takes at most: a round's sends, recorded together. */
const ROUND_SIZE = 25;

/**
 * Disputes an instance delivers at once. The rest wait unclaimed: in a storm of deadlines fired
 * on one instance, the other instances' sweeps take their share instead of idling, and nothing
 * claimed waits long for its turn under Teams' limits.
 */
const CONCURRENT_DISPUTES = 8;

/** The calendar entries by when each meeting was convened, with one meeting's as a sync left it (none: cancelled or never made). */
function withEntry(calendar: Record<string, CalendarEntry>, convenedAt: string, entry: CalendarEntry | undefined): Record<string, CalendarEntry> {
  const { [convenedAt]: _old, ...rest } = calendar;
  return entry ? { ...rest, [convenedAt]: entry } : rest;
}

/** What came of one item in a round. `skipped`: not tried (a thread message before it failed), so its order holds. */
type Outcome = { kind: 'sent'; thread?: ThreadRef; calendar?: { convenedAt: string; entry?: CalendarEntry } } | { kind: 'failed'; result: Exclude<SendResult, 'sent'>; error: unknown } | { kind: 'skipped' };

function withoutClaim(item: OutboxItem): OutboxItem {
  const { sendingSince: _since, claimedBy: _by, ...rest } = item;
  return rest;
}

const pending = (o: OutboxItem): boolean => !o.deliveredAt && !o.deadLetteredAt;

/**
 * Delivers the messages saved with each decision. A round claims every item ready to go in one
 * write, sends them, and records what came of each in one write: two store requests for a
 * round, however many Teams calls it makes. Items are independent: personal messages go at
 * once and one failing holds back no other; messages in the thread go in order, and wait for
 * the thread to exist. An item is marked delivered only after Teams accepted it; until then
 * it stays in the head, so a crash loses nothing and a later sweep tries again.
 */
export class OutboxSender {
  private readonly running = new Map<string, Promise<void>>();
  private readonly instanceId = randomUUID();
  /** Disputes delivering now, and those waiting for a turn (not yet claimed, so another instance may take them). */
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly repository: DisputeRepository,
    private readonly gateway: TeamsGateway,
    private readonly settings: OutboxSettings,
    private readonly log: Logger,
    private readonly addresses: AddressBook,
    private readonly clock: () => Date = () => new Date(),
    /** The partnership's calendar, where meetings are Teams meetings (MEETINGS=graph). */
    private readonly meetings?: MeetingSync,
  ) {}

  /** Wait for one of this instance's delivery turns; returns the release. */
  private async turn(): Promise<() => void> {
    if (this.active >= CONCURRENT_DISPUTES) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    return () => {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }

  /** The partnership's channels, reached through the service URL Teams gave with the dispute. */
  private channels(doc: DisputeDocument): Origin {
    return { serviceUrl: doc.origin.serviceUrl, tenantId: this.settings.partnershipTenantId };
  }

  /** The thread card as everyone sees it, refreshed by itself into the view of each entitled person the bot has seen. */
  private async threadCardFor(d: DisputeDocument['state']): Promise<Partial<Activity>> {
    return card(threadCard(d, '', await this.addresses.teamsIds(entitledViewers(d))));
  }

  /**
   * Deliver a dispute's pending messages; calls for the same dispute queue behind each other.
   * `written`: the head as just written (with its etag), so delivery need not read it again.
   */
  deliver(disputeId: string, written?: DisputeDocument): Promise<void> {
    const previous = this.running.get(disputeId);
    const known = previous ? undefined : written;
    const next = (previous ?? Promise.resolve()).then(async () => {
      const release = await this.turn();
      try {
        if (this.stopping) return;
        // A head read before a wait may be stale: the claim is written under its etag, and a stale one is read again.
        await this.deliverPending(disputeId, known);
      } finally {
        release();
      }
    }).catch((error) => {
      this.log.error({ disputeId, err: { message: (error as Error).message } }, 'outbox delivery failed');
    });
    this.running.set(disputeId, next);
    void next.finally(() => {
      if (this.running.get(disputeId) === next) this.running.delete(disputeId);
    });
    return next;
  }

  /** Everything still pending, from any dispute: run on a timer and at start-up. */
  async sweep(): Promise<void> {
    // A tick that comes while a long sweep still runs joins it: one sweep, one log line.
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private sweeping?: Promise<void>;

  private async sweepOnce(): Promise<void> {
    const started = Date.now();
    const ids = await this.repository.withPendingEffects();
    await Promise.all(ids.map((id) => this.deliver(id)));
    if (ids.length) this.log.info({ disputes: ids.length, ms: Date.now() - started }, 'outbox sweep');
  }

  /**
   * Shutting down: no new round is claimed, and a send still waiting for its turn under Teams'
   * limits is not made; its claim is released as the round is recorded, so another instance
   * (or this one, restarted) sends it once, without the "sent again" label. Resolves when the
   * rounds in flight are recorded. A backlog is left in the store, not waited out.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  private stopping = false;

  /** Resolves when nothing is being delivered (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /**
   * Claim, send, record, until nothing is ready. The claim is an etag-guarded write, so two
   * instances never send the same item at once. If a process dies after Teams accepted a
   * message and before the result is recorded, the claim outlives it; once its lease runs out
   * the item is sent again, marked as a possible repeat. Teams has no idempotency key, and
   * losing a safeguarding message is worse than a labelled repeat.
   */
  private deliverPending(disputeId: string, known?: DisputeDocument): Promise<void> {
    return traced('outbox.deliver', { 'dispute.id': disputeId }, async () => {
      const doc = known?._etag ? known : await this.repository.load(disputeId);
      if (doc) await forDispute(doc.reference, () => this.deliverRounds(doc));
    });
  }

  private async deliverRounds(first: DisputeDocument): Promise<void> {
    const disputeId = first.id;
    let doc: DisputeDocument | undefined = first;
    // An item that failed waits for a later sweep: a run never tries one twice.
    const tried = new Set<string>();
    for (let round = 0; doc && round < 50 && !this.stopping; round++) {
      const now = this.clock();
      const batch = this.ready(doc, now).filter((o) => !tried.has(o.id));
      if (batch.length === 0) return;
      let claimed: DisputeDocument;
      try {
        claimed = await this.repository.replace(this.withClaims(doc, batch, now));
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        doc = await this.repository.load(disputeId); // someone wrote since: look again
        continue;
      }
      batch.forEach((o) => tried.add(o.id));
      // Sends wait their turn under Teams' limits; one whose turn comes too late in the claim is not made.
      const claimedAt = now.getTime();
      const lease = this.settings.claimLeaseMs ?? CLAIM_LEASE_MS;
      const outcomes = await underClaim((inMs) => !this.stopping && this.clock().getTime() + inMs - claimedAt < lease - marginOf(lease), () => this.sendAll(claimed, batch));
      const { written } = await this.repository.apply(disputeId, (current) => ({ doc: this.withOutcomes(current, outcomes, now.toISOString()), result: undefined }), { read: claimed });
      await this.report(claimed, batch, outcomes);
      doc = written;
    }
  }

  /** The items to send in the next round, in order. Thread messages wait for the thread. */
  private ready(doc: DisputeDocument, now: Date): OutboxItem[] {
    const lease = this.settings.claimLeaseMs ?? CLAIM_LEASE_MS;
    const free = doc.outbox.filter((o) => pending(o) && !(o.sendingSince && now.getTime() - new Date(o.sendingSince).getTime() < lease));
    if (!doc.thread) {
      const opening = free.find((o) => o.delivery.kind === 'open-thread');
      // Everything else links to the thread, or goes into it: open it first.
      if (opening) return [opening];
      if (doc.outbox.some((o) => pending(o) && o.delivery.kind === 'open-thread')) return []; // being opened elsewhere
    }
    return free.slice(0, ROUND_SIZE);
  }

  private withClaims(doc: DisputeDocument, batch: OutboxItem[], now: Date): DisputeDocument {
    const ids = new Set(batch.map((o) => o.id));
    return { ...doc, outbox: doc.outbox.map((o) => (ids.has(o.id) ? { ...o, sendingSince: now.toISOString(), claimedBy: this.instanceId } : o)) };
  }

  /** Thread messages one after another, in order, stopping at the first that fails; the rest at once. */
  private async sendAll(doc: DisputeDocument, batch: OutboxItem[]): Promise<Map<string, Outcome>> {
    const outcomes = new Map<string, Outcome>();
    let history: Promise<SealedEvent[]> | undefined;
    const context = { history: () => (history ??= this.repository.history(doc.id)) };
    // What this round learnt of the calendar, so a move after a create in the same round moves what was created.
    let calendar = { ...doc.calendar };
    const attempt = async (item: OutboxItem, thread: ThreadRef | undefined): Promise<Outcome> => {
      try {
        if (item.delivery.kind === 'calendar') {
          const { convenedAt } = item.delivery;
          const entry = await this.syncCalendar(doc, convenedAt, calendar[convenedAt], isRepeat(item));
          calendar = withEntry(calendar, convenedAt, entry);
          return { kind: 'sent', calendar: { convenedAt, ...(entry ? { entry } : {}) } };
        }
        return { kind: 'sent', thread: await this.perform(doc, thread, item, context) };
      } catch (error) {
        if (error instanceof ClaimLapsed) return { kind: 'skipped' };
        return { kind: 'failed', result: sendResultOf(error, item.delivery), error };
      }
    };
    const threadLane = async () => {
      let stopped = false;
      for (const item of batch.filter((o) => inThread(o.delivery))) {
        const outcome: Outcome = stopped ? { kind: 'skipped' } : await attempt(item, doc.thread);
        stopped ||= outcome.kind === 'failed';
        outcomes.set(item.id, outcome);
      }
    };
    // The calendar's changes in order too, each independent of the others' failing: the next makes the calendar match the meeting as it stands.
    const calendarLane = async () => {
      for (const item of batch.filter((o) => o.delivery.kind === 'calendar')) outcomes.set(item.id, await attempt(item, doc.thread));
    };
    const others = batch.filter((o) => !inThread(o.delivery) && o.delivery.kind !== 'calendar').map(async (item) => outcomes.set(item.id, await attempt(item, doc.thread)));
    await Promise.all([threadLane(), calendarLane(), ...others]);
    return outcomes;
  }

  /**
   * The head with each outcome recorded: claims released, counts up, delivered and given-up
   * items marked. What was sent is recorded whoever holds the item now; an item not sent, or
   * failed, is left alone where another instance has claimed it since (`claimedAt`: ours).
   */
  private withOutcomes(doc: DisputeDocument, outcomes: Map<string, Outcome>, claimedAt: string): DisputeDocument {
    const now = this.clock().toISOString();
    let thread = doc.thread;
    let calendar = { ...doc.calendar };
    const outbox = doc.outbox.map((item): OutboxItem => {
      const outcome = outcomes.get(item.id);
      if (!outcome || item.deliveredAt) return item;
      const ours = item.claimedBy === this.instanceId && item.sendingSince === claimedAt;
      if (outcome.kind !== 'sent' && !ours) return item;
      if (outcome.kind === 'skipped') return withoutClaim(item);
      const attempts = item.attempts + 1;
      if (outcome.kind === 'sent') {
        thread ??= outcome.thread;
        if (outcome.calendar) calendar = withEntry(calendar, outcome.calendar.convenedAt, outcome.calendar.entry);
        const { lastError: _e, ...rest } = withoutClaim(item);
        return { ...rest, delivery: sentForm(item.delivery), attempts, deliveredAt: now };
      }
      const givenUp = this.givenUp(outcome.result, attempts);
      const lastError = reasonOf(outcome.result, outcome.error, givenUp);
      return { ...withoutClaim(item), attempts, lastError, ...(givenUp ? { deadLetteredAt: now } : {}) };
    });
    return withIndexes({ ...doc, ...(thread ? { thread } : {}), ...(Object.keys(calendar).length || doc.calendar ? { calendar } : {}), outbox: trimDelivered(outbox) });
  }

  /** A failed item is given up when Teams refused it for good, or its attempts ran out. */
  private givenUp(result: Exclude<SendResult, 'sent'>, attempts: number): boolean {
    return result !== 'retry' || attempts >= this.settings.maxAttempts;
  }

  /** One log line per item; an operator is told of every item given up, so the people it was for can be told another way. */
  private async report(doc: DisputeDocument, batch: OutboxItem[], outcomes: Map<string, Outcome>): Promise<void> {
    for (const item of batch) {
      const outcome = outcomes.get(item.id);
      const where = { disputeId: doc.id, reference: doc.reference, delivery: item.delivery.kind };
      if (outcome?.kind === 'sent') {
        this.log.info({ ...where, repeat: isRepeat(item) }, 'message delivered');
        continue;
      }
      if (outcome?.kind !== 'failed') continue;
      const attempts = item.attempts + 1;
      const reason = reasonOf(outcome.result, outcome.error, true);
      if (!this.givenUp(outcome.result, attempts)) {
        this.log.warn({ ...where, status: statusOf(outcome.error), attempts }, 'message not delivered; will retry');
        continue;
      }
      this.log.error({ ...where, reason, attempts }, 'message given up: not delivered');
      await this.tellOperators(doc, item, reason, attempts);
    }
  }

  private async tellOperators(doc: DisputeDocument, item: OutboxItem, reason: string, attempts: number): Promise<void> {
    if (!this.settings.operationsChannelId) return;
    // The reference and what kind of message only: the channel is not entitled to the details.
    const text = `A message for professional disagreement ${doc.reference} could not be delivered and has been given up (${item.delivery.kind}, ${reason}, after ${attempts} attempt${attempts === 1 ? '' : 's'}). The people it was for may not have been told: please check the thread and tell them.`;
    try {
      await this.gateway.openChannelThread(this.channels(doc), this.settings.operationsChannelId, { type: 'message', text });
    } catch (noticeError) {
      this.log.error({ disputeId: doc.id, reference: doc.reference, err: { message: (noticeError as Error).message } }, 'operators could not be told of a message given up');
    }
  }

  /**
   * Make the calendar match a meeting. Where the bot has no calendar (MEETINGS changed back to
   * messages), there is nothing to match: the attendees were told in their chats. A meeting
   * created with attendees the directory has no address for: its convener is told they were
   * not sent the invitation (they have the bot's message), once, when it is created.
   */
  private async syncCalendar(doc: DisputeDocument, convenedAt: string, entry: CalendarEntry | undefined, repeat: boolean): Promise<CalendarEntry | undefined> {
    if (!this.meetings) {
      this.log.warn({ disputeId: doc.id, reference: doc.reference }, 'a meeting was to be put in the calendar, but MEETINGS is not graph: left to the messages sent');
      return entry;
    }
    const synced = await this.meetings.sync(doc.state, convenedAt, entry);
    if (!entry && synced.entry && synced.uninvited.length && synced.meeting) {
      const names = synced.uninvited.map((p) => p.name).join(', ');
      const text = `${repeat ? `${REPEAT_NOTE} ` : ''}The Teams meeting for ${doc.reference} is in the calendars of those invited, but not of ${names}: the partnership directory has no email address for them. They were told its time in their chat with the bot; please forward the invitation.`;
      await this.gateway.messagePerson(synced.meeting.convenedBy, { type: 'message', text }, doc.origin.serviceUrl);
    }
    return synced.entry;
  }

  /** Send one item. Returns the thread when it opened one, so it is saved with the result. */
  private async perform(doc: DisputeDocument, thread: ThreadRef | undefined, item: OutboxItem, context: { history: () => Promise<SealedEvent[]> }): Promise<ThreadRef | undefined> {
    const d = doc.state;
    const delivery = item.delivery;
    // A repeat of a card update is invisible, so only messages carry the label.
    const say = (text: string) => (isRepeat(item) ? `${REPEAT_NOTE} ${text}` : text);
    switch (delivery.kind) {
      case 'open-thread':
        if (thread) return undefined;
        return this.gateway.openChannelThread(this.channels(doc), this.settings.disputesChannelId, { ...(await this.threadCardFor(d)), summary: say(`Professional disagreement ${d.reference}`) });
      case 'personal': {
        const link = threadLink(thread, this.settings.disputesTeamId);
        await this.gateway.messagePerson(delivery.to, { type: 'message', text: say(`${delivery.text}${link ? ` [Open the thread](${link})` : ''}`), textFormat: 'markdown' }, doc.origin.serviceUrl);
        return undefined;
      }
      case 'written-account': {
        // The account as it stood when the level was entered, with every record the history holds.
        const history = await context.history();
        const account = compileWrittenAccount(wholeDispute(history.filter((h) => h.seq <= delivery.asOf).map((h) => h.event)));
        const file = await renderDocument(doc, history, 'written-account', this.settings.partnershipName, delivery.asOf, this.clock());
        await this.gateway.messagePerson(delivery.to, { type: 'message', summary: say(`Written account ${d.reference}`), attachments: card(writtenAccountCard(account)).attachments }, doc.origin.serviceUrl);
        await this.gateway.messagePerson(delivery.to, { type: 'message', attachments: [consentCard(file.name, file.description, file.bytes.length, { disputeId: d.id, document: 'written-account', asOf: delivery.asOf })] }, doc.origin.serviceUrl);
        return undefined;
      }
      case 'refresh-card':
        if (!thread) throw new Error('The dispute has no thread yet');
        await this.gateway.updateThreadCard(thread, await this.threadCardFor(d));
        return undefined;
      case 'calendar':
        throw new Error('calendar items are synced, not sent');
      case 'thread-post': {
        if (!thread) throw new Error('The dispute has no thread yet');
        const message = mentionMessage(say(delivery.text), delivery.mention);
        // Where people are brought in to act, the message carries the dispute's card: each
        // entitled person sees their own view and buttons in it; everyone else the public card.
        await this.gateway.postToThread(thread, delivery.withCard ? { ...message, attachments: (await this.threadCardFor(d)).attachments } : message);
        return undefined;
      }
    }
  }
}

/**
 * A delivered item as the head keeps it: what kind it was and, in a chat, whom it went to;
 * not its words nor whom a thread post mentioned. Teams holds what was sent; the head need not carry it on every press (it was a fifth
 * of a typical head), and holds less about the child.
 */
export function sentForm(delivery: Delivery): Delivery {
  if (delivery.kind === 'personal') return { ...delivery, text: '' };
  if (delivery.kind === 'thread-post') return { ...delivery, text: '', mention: [] };
  return delivery;
}

/** An item claimed before and never recorded: the instance that claimed it may have sent it. */
const isRepeat = (item: OutboxItem): boolean => Boolean(item.sendingSince);

/** Why an attempt failed, as recorded on the item: the status for one to try again, the send result for one given up. */
function reasonOf(result: Exclude<SendResult, 'sent'>, error: unknown, givenUp: boolean): string {
  const status = statusOf(error);
  if (!givenUp) return status ? `HTTP ${status}` : (error as Error).name || 'Error';
  return `${result}${status ? ` (HTTP ${status})` : ''}`;
}
