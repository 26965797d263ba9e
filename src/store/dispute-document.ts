import type { Dispute, Instant, PersonRef } from '../domain/dispute';
import type { CalendarEntry } from '../meetings/calendar';
import type { StageNumber } from '../domain/protocol';
import type { Seal, SealedEvent } from './history-chain';
import type { DisputeSummary } from '../analytics/summary';

/** A Teams thread the bot opened or replies in. */
export interface ThreadRef {
  conversationId: string;
  rootActivityId: string;
  serviceUrl: string;
  tenantId: string;
  channelId: string;
}

/**
 * One message to one place in Teams, with its words fixed when the decision was made: a
 * message sent late says what was true when it was decided, not what is true when it goes.
 * Cards are the exception: a thread card always shows the dispute as it is.
 */
export type Delivery =
  | { kind: 'open-thread' }
  | { kind: 'refresh-card' }
  /** A message in the dispute's thread; `withCard` attaches the dispute's card for the people brought in. */
  | { kind: 'thread-post'; text: string; mention: PersonRef[]; withCard: boolean }
  /** A message in one person's chat with the bot; the thread's link is added when it is sent. */
  | { kind: 'personal'; to: PersonRef; text: string }
  /** The written account, as it stood at history entry `asOf`, to one person: a card and the Word document. */
  | { kind: 'written-account'; to: PersonRef; asOf: number; stage: StageNumber }
  /** The partnership's calendar made to match the meeting convened at `convenedAt` as the dispute has it when it is sent. */
  | { kind: 'calendar'; convenedAt: Instant };

export interface OutboxItem {
  id: string;
  delivery: Delivery;
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
 * A dispute's head: one Cosmos DB item per dispute with its state, the seal of its last
 * history entry and the messages still to deliver. Its history is kept beside it, one item
 * per sealed event in the same partition (`EventItem`), written in the same transactional
 * batch as the head. What a turn reads and writes is the head alone, so its size does not
 * grow with the dispute's length. The top-level fields beside `state` exist to be queried.
 */
export interface DisputeDocument {
  id: string;
  /** The shape it was written in (see legacy-people.ts); absent: schema 1. */
  schema?: number;
  /** The partition: the head and its events share it. */
  disputeId: string;
  type: 'dispute';
  reference: string;
  status: Dispute['status'];
  raisedAt: string;
  /** When the pending deadline falls due; null once closed. */
  dueAt: string | null;
  /** When the dispute closed, for the retention purge. */
  closedAt?: string;
  /** Seconds Cosmos DB keeps the document after its last write (set once closed, unless held). */
  ttl?: number;
  /** A legal hold is in force: retention leaves the dispute alone. */
  legalHold?: boolean;
  /** What the partnership's picture needs of the dispute: no child, no names, nothing typed. */
  summary?: DisputeSummary;
  /** Everyone with a part in the dispute, for "my disputes". */
  participantIds: string[];
  pendingEffects: number;
  state: Dispute;
  /** The last entry of the history the state was folded from. */
  sealed: Seal;
  /** Messages still to send, those given up, and the most recent delivered. */
  outbox: OutboxItem[];
  origin: { serviceUrl: string; tenantId: string };
  /** Ids of the most recent presses the dispute took, so a repeated press is recognised. */
  commands?: string[];
  thread?: ThreadRef;
  /** The Teams meetings in the partnership's calendar, by when each was convened (MEETINGS=graph). */
  calendar?: Record<Instant, CalendarEntry>;
  /** Entries sealed by this change, not yet written: the repository writes them with the head. Never stored. */
  appended?: SealedEvent[];
  _etag?: string;
}

/** One sealed history entry, stored as its own item in the dispute's partition. Never changed. */
export interface EventItem extends SealedEvent {
  /** The shape it was written in; absent: schema 1. */
  schema?: number;
  id: string;
  disputeId: string;
  type: 'event';
}

/** Ids sort in history order within a partition. */
export const eventItemId = (disputeId: string, seq: number): string => `${disputeId}:${String(seq).padStart(6, '0')}`;
