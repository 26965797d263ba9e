import type { Dispute } from '../domain/dispute';
import type { Effect } from '../domain/messages';
import type { SealedEvent } from './history-chain';

/** A Teams thread the bot opened or replies in. */
export interface ThreadRef {
  conversationId: string;
  rootActivityId: string;
  serviceUrl: string;
  tenantId: string;
  channelId: string;
}

export interface OutboxItem {
  id: string;
  effect: Effect;
  createdAt: string;
  attempts: number;
  deliveredAt?: string;
  lastError?: string;
  /** Set when delivery was given up: a permanent refusal, or the attempts ran out. The operator is told. */
  deadLetteredAt?: string;
  /** Set when an instance starts sending; cleared when it records the result. */
  sendingSince?: string;
  claimedBy?: string;
}

/**
 * One Cosmos DB document per dispute: its state, its history and the effects still to
 * deliver, written together under one etag so a decision and its messages are never split.
 * The top-level fields beside `state` exist only to be indexed and queried.
 */
export interface DisputeDocument {
  id: string;
  type: 'dispute';
  reference: string;
  status: Dispute['status'];
  raisedAt: string;
  /** When the pending deadline falls due; null once closed. */
  dueAt: string | null;
  /** When the dispute closed, for the retention purge. */
  closedAt?: string;
  /** Seconds Cosmos DB keeps the document after its last write (set once closed). */
  ttl?: number;
  /** Everyone with a part in the dispute, for "my disputes". */
  participantIds: string[];
  pendingEffects: number;
  state: Dispute;
  /** Append-only and tamper-evident: each entry sealed to the one before. */
  history: SealedEvent[];
  outbox: OutboxItem[];
  origin: { serviceUrl: string; tenantId: string };
  /** Ids of the most recent presses the dispute took, so a repeated press is recognised. */
  commands?: string[];
  thread?: ThreadRef;
  _etag?: string;
}
