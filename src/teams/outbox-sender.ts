import { randomUUID } from 'node:crypto';
import { CardFactory } from 'botbuilder';
import type { Activity } from 'botbuilder';
import { threadCard, writtenAccountCard } from '../cards/views';
import { renderDocument } from '../documents/dispute-documents';
import { consentCard } from '../documents/file-delivery';
import { compileWrittenAccount } from '../domain/written-account';
import { stageName } from '../domain/narrative';
import { describePeople } from '../domain/permissions';
import { levelAt } from '../domain/protocol';
import type { Effect } from '../domain/messages';
import type { Logger } from '../logger';
import type { DisputeDocument, OutboxItem, ThreadRef } from '../store/dispute-document';
import { DisputeRepository, withIndexes } from '../store/dispute-repository';
import { emergencyText, mentionMessage, noticeText } from './notice-text';
import { statusOf } from './retry';
import type { TeamsGateway } from './teams-gateway';

export interface OutboxSettings {
  partnershipName: string;
  disputesChannelId: string;
  disputesTeamId: string;
  emergencyContact: string;
  /** Attempts at one message before it is given up and the operator told. */
  maxAttempts: number;
  /** A channel where operators are told of messages that could not be delivered; empty for the log only. */
  operationsChannelId: string;
}

/**
 * What became of one send, as Company Communicator types it: delivered, worth another try
 * later (throttled, Teams or the network failing), refused for good (a bad request), or the
 * recipient gone (not found, or the bot removed or blocked).
 */
export type SendResult = 'sent' | 'retry' | 'failed-for-good' | 'recipient-gone';

export function sendResultOf(error: unknown, effect: Effect): Exclude<SendResult, 'sent'> {
  const status = statusOf(error);
  if (status === undefined || status === 408 || status === 412 || status === 429 || status >= 500) return 'retry';
  if (status === 403 || status === 404) {
    // A person who left or blocked the bot is gone; the disputes channel answering 403 usually
    // means the bot was removed from the team for a while, so thread messages keep trying.
    return effect.type === 'notify-person' ? 'recipient-gone' : 'retry';
  }
  return 'failed-for-good';
}

/** How long a claim to send an item holds before another instance may take it over. */
export const CLAIM_LEASE_MS = 120_000;

/** Prefixed to a message resent after an interruption that may have sent it already. */
export const REPEAT_NOTE = '(Sent again after an interruption: you may see this message twice.)';

/** A deep link that opens a dispute's thread in Teams. */
export function threadLink(thread: ThreadRef | undefined, teamId: string): string {
  if (!thread) return '';
  const query = new URLSearchParams({ tenantId: thread.tenantId, parentMessageId: thread.rootActivityId, ...(teamId ? { groupId: teamId } : {}) });
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(thread.channelId)}/${thread.rootActivityId}?${query}`;
}

const card = (content: object): Partial<Activity> => ({ type: 'message', attachments: [CardFactory.adaptiveCard(content)] });

function withoutClaim(item: OutboxItem): OutboxItem {
  const { sendingSince: _since, claimedBy: _by, ...rest } = item;
  return rest;
}

/**
 * Delivers the effects saved with each decision, in order, one dispute at a time. An item
 * is marked delivered only after Teams accepted it; until then it stays in the document,
 * so a crash loses nothing and the next sweep tries again.
 */
export class OutboxSender {
  private readonly running = new Map<string, Promise<void>>();
  private readonly instanceId = randomUUID();

  constructor(
    private readonly repository: DisputeRepository,
    private readonly gateway: TeamsGateway,
    private readonly settings: OutboxSettings,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Deliver a dispute's pending effects; calls for the same dispute queue behind each other. */
  deliver(disputeId: string): Promise<void> {
    const previous = this.running.get(disputeId) ?? Promise.resolve();
    const next = previous.then(() => this.deliverPending(disputeId)).catch((error) => {
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
    const ids = await this.repository.withPendingEffects();
    await Promise.all(ids.map((id) => this.deliver(id)));
  }

  /** Resolves when nothing is being delivered (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /**
   * Claim, send, record. The claim is an etag-guarded write, so two instances never send the
   * same item at once. If a process dies after Teams accepted a message and before the result
   * is recorded, the claim outlives it; once its lease runs out the item is sent again, marked
   * as a possible repeat. Teams has no idempotency key, and losing a safeguarding message is
   * worse than a labelled repeat.
   */
  private async deliverPending(disputeId: string): Promise<void> {
    for (;;) {
      const doc = await this.repository.load(disputeId);
      const item = doc?.outbox.find((o) => !o.deliveredAt && !o.deadLetteredAt);
      if (!doc || !item) return;
      const now = this.clock();
      if (item.sendingSince && now.getTime() - new Date(item.sendingSince).getTime() < CLAIM_LEASE_MS) return; // another instance is sending it
      const repeat = Boolean(item.sendingSince);
      if (!(await this.claim(disputeId, item, now))) continue;
      let thread: ThreadRef | undefined;
      try {
        thread = await this.perform(doc, item.effect, repeat);
      } catch (error) {
        const result = sendResultOf(error, item.effect);
        const attempts = item.attempts + 1;
        if (result === 'retry' && attempts < this.settings.maxAttempts) {
          await this.markFailed(disputeId, item, error);
          this.log.warn({ disputeId, reference: doc.reference, effect: item.effect.type, status: statusOf(error), attempts }, 'effect not delivered; will retry');
          return;
        }
        // Given up: the messages after it are not held back, and an operator is told.
        await this.deadLetter(doc, item, error, result);
        continue;
      }
      await this.markDelivered(disputeId, item, thread);
      this.log.info({ disputeId, reference: doc.reference, effect: item.effect.type, repeat }, 'effect delivered');
    }
  }

  private claim(disputeId: string, item: OutboxItem, now: Date): Promise<boolean> {
    return this.repository.update(disputeId, (doc) => {
      const current = doc.outbox.find((o) => o.id === item.id);
      // Someone else delivered or claimed it since we looked.
      if (!current || current.deliveredAt || current.sendingSince !== item.sendingSince) return { result: false };
      const claimed = { ...current, sendingSince: now.toISOString(), claimedBy: this.instanceId };
      return { doc: { ...doc, outbox: doc.outbox.map((o) => (o.id === item.id ? claimed : o)) }, result: true };
    });
  }

  /** Record one attempt at an item: the claim released, the count up, and what came of it. */
  private async recordAttempt(disputeId: string, item: OutboxItem, outcome: Partial<OutboxItem>, thread?: ThreadRef): Promise<void> {
    await this.repository.update(disputeId, (doc) => ({
      doc: withIndexes({
        ...doc,
        ...(thread ? { thread } : {}),
        outbox: doc.outbox.map((o) => (o.id === item.id ? { ...withoutClaim(o), attempts: o.attempts + 1, ...outcome } : o)),
      }),
      result: undefined,
    }));
  }

  private markDelivered(disputeId: string, item: OutboxItem, thread: ThreadRef | undefined): Promise<void> {
    return this.recordAttempt(disputeId, item, { deliveredAt: this.clock().toISOString() }, thread);
  }

  private async deadLetter(doc: DisputeDocument, item: OutboxItem, error: unknown, result: Exclude<SendResult, 'sent'>): Promise<void> {
    const reason = `${result}${statusOf(error) ? ` (HTTP ${statusOf(error)})` : ''}`;
    await this.recordAttempt(doc.id, item, { lastError: reason, deadLetteredAt: this.clock().toISOString() });
    this.log.error({ disputeId: doc.id, reference: doc.reference, effect: item.effect.type, reason, attempts: item.attempts + 1 }, 'message given up: not delivered');
    if (!this.settings.operationsChannelId) return;
    // The reference and what kind of message only: the channel is not entitled to the details.
    const text = `A message for professional disagreement ${doc.reference} could not be delivered and has been given up (${item.effect.type}, ${reason}, after ${item.attempts + 1} attempt${item.attempts ? 's' : ''}). The people it was for may not have been told: please check the thread and tell them.`;
    try {
      await this.gateway.openChannelThread(doc.origin, this.settings.operationsChannelId, { type: 'message', text });
    } catch (noticeError) {
      this.log.error({ disputeId: doc.id, reference: doc.reference, err: { message: (noticeError as Error).message } }, 'operators could not be told of a message given up');
    }
  }

  private markFailed(disputeId: string, item: OutboxItem, error: unknown): Promise<void> {
    const reason = statusOf(error) ? `HTTP ${statusOf(error)}` : (error as Error).name || 'Error';
    return this.recordAttempt(disputeId, item, { lastError: reason });
  }

  /** Do one effect. Returns the thread when it opened one, so it is saved with the mark. */
  private async perform(doc: DisputeDocument, effect: Effect, repeat: boolean): Promise<ThreadRef | undefined> {
    const d = doc.state;
    const say = (text: string) => (repeat ? `${REPEAT_NOTE} ${text}` : text);
    // Updating the thread card again is invisible, so a repeat needs no label.
    if (effect.type === 'open-thread') {
      if (doc.thread) return undefined;
      const activity = { ...card(threadCard(d)), summary: say(`Professional disagreement ${d.reference}`) };
      return this.gateway.openChannelThread(doc.origin, this.settings.disputesChannelId, activity);
    }
    if (effect.type === 'notify-person') {
      const link = threadLink(doc.thread, this.settings.disputesTeamId);
      const text = say(`${noticeText(effect.notice, d)}${link ? ` [Open the thread](${link})` : ''}`);
      await this.gateway.messagePerson(doc.origin, effect.to, { type: 'message', text, textFormat: 'markdown' });
      return undefined;
    }
    const thread = doc.thread;
    if (!thread) throw new Error('The dispute has no thread yet');
    switch (effect.type) {
      case 'refresh-thread-card':
        await this.gateway.updateThreadCard(thread, card(threadCard(d)));
        return undefined;
      case 'post-to-thread': {
        const message = mentionMessage(say(noticeText(effect.notice, d)), effect.mention);
        // Where people are brought in to act, the message carries the dispute's card: each
        // entitled person sees their own view and buttons in it; everyone else the public card.
        const bringsPeopleIn = effect.notice.kind === 'stage-entered' || effect.notice.kind === 'approval-needed' || effect.notice.kind === 'escalation-requested';
        await this.gateway.postToThread(thread, bringsPeopleIn ? { ...message, attachments: card(threadCard(d)).attachments } : message);
        return undefined;
      }
      case 'show-emergency-route':
        await this.gateway.postToThread(thread, mentionMessage(say(emergencyText(d, this.settings.emergencyContact, effect.declaredBy)), effect.mention));
        return undefined;
      case 'send-written-account': {
        // The account carries the child's details, so it goes to each person the level brings
        // in, in their own chat, as a card and as a Word document offered for their OneDrive.
        const account = compileWrittenAccount(d);
        const file = await renderDocument(doc, 'written-account', this.settings.partnershipName);
        for (const person of effect.mention) {
          await this.gateway.messagePerson(doc.origin, person, { type: 'message', summary: say(`Written account ${d.reference}`), attachments: card(writtenAccountCard(account)).attachments });
          await this.gateway.messagePerson(doc.origin, person, { type: 'message', attachments: [consentCard(file.name, file.description, file.bytes.length, { disputeId: d.id, document: 'written-account' })] });
        }
        await this.gateway.postToThread(
          thread,
          mentionMessage(say(`${d.reference} has been referred to ${stageName(d, effect.stage)}. The written account of the dispute and of what was tried has been sent to ${describePeople(d.protocol, levelAt(d.protocol, effect.stage).lead, effect.stage)}.`), effect.mention),
        );
        return undefined;
      }
    }
  }
}
