import { createHash } from 'node:crypto';
import { replay } from '../commands';
import type { DisputeEvent } from '../domain/messages';

/** One entry of a dispute's history, sealed to the entry before it. */
export interface SealedEvent {
  seq: number;
  event: DisputeEvent;
  /** The previous entry's hash (GENESIS for the first). */
  prevHash: string;
  /** SHA-256 over prevHash, seq and the event's canonical JSON. */
  hash: string;
  /** The event as it was sealed, where it was stored in an older shape and `event` is today's. */
  sealedAs?: DisputeEvent;
}

export const GENESIS = '0'.repeat(64);

/** JSON with keys in a fixed order, so a seal does not depend on how a store orders them. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function seal(prevHash: string, seq: number, event: DisputeEvent): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${canonicalJson(event)}`).digest('hex');
}

/** The last entry of a history: all a new entry needs to be sealed to it. */
export interface Seal {
  seq: number;
  hash: string;
}

export const NO_SEAL: Seal = { seq: 0, hash: GENESIS };

/** Seal events after `last`: the new entries only. */
export function sealAfter(last: Seal, events: readonly DisputeEvent[]): SealedEvent[] {
  const out: SealedEvent[] = [];
  let prev = last;
  for (const event of events) {
    const seq = prev.seq + 1;
    const entry = { seq, event, prevHash: prev.hash, hash: seal(prev.hash, seq, event) };
    out.push(entry);
    prev = entry;
  }
  return out;
}

export type Verification = { intact: true; events: number } | { intact: false; events: number; problem: string };

/**
 * Check a dispute's record: every entry in order, each sealed to the one before, and the
 * stored state exactly what the history folds to. An edited, reordered or removed event
 * breaks a seal or the fold.
 */
export function verifyHistory(history: readonly SealedEvent[], state: unknown, last?: Seal): Verification {
  let prevHash = GENESIS;
  for (const [i, entry] of history.entries()) {
    if (entry.seq !== i + 1) return { intact: false, events: history.length, problem: `entry ${i + 1} is numbered ${entry.seq}: an event was removed or moved` };
    if (entry.prevHash !== prevHash) return { intact: false, events: history.length, problem: `event ${entry.seq} does not follow the event before it` };
    if (seal(prevHash, entry.seq, entry.sealedAs ?? entry.event) !== entry.hash) return { intact: false, events: history.length, problem: `event ${entry.seq} was changed after it was recorded` };
    prevHash = entry.hash;
  }
  // The head names the last entry it was written with: a missing tail is found even when what is left folds cleanly.
  const tail = history.at(-1);
  if (last && (tail?.seq ?? 0) !== last.seq) return { intact: false, events: history.length, problem: `the record ends at event ${tail?.seq ?? 0} but the dispute was last written at event ${last.seq} (an event was removed)` };
  if (last && tail && tail.hash !== last.hash) return { intact: false, events: history.length, problem: `event ${tail.seq} is not the one the dispute was last written with` };
  const folded = replay(history.map((h) => h.event));
  if (canonicalJson(JSON.parse(JSON.stringify(folded))) !== canonicalJson(JSON.parse(JSON.stringify(state)))) {
    return { intact: false, events: history.length, problem: 'the dispute\'s current state does not match its recorded history (an event may have been removed)' };
  }
  return { intact: true, events: history.length };
}
