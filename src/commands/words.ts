import type { Dispute, Instant } from '../domain/dispute';
import type { DisputeEvent, Notice } from '../domain/messages';
import type { NarrativeEntry } from '../domain/narrative';
import { CLOCK, CLOCK_ENTRIES, SHARED_NOTICES, sharedHistory } from '../domain/shared-words';
import { evolve, MODULES } from './index';

/**
 * Every word the bot says about a dispute, looked up by notice kind and event type: each command
 * words its own (src/commands/<kind>.ts), the clock and closing are worded in
 * domain/shared-words.ts. The card's history, the thread, personal messages, the record's
 * entries and the written account all take their words from here.
 */

type NoticeFn = (notice: Notice, d: Dispute) => string;
type EntryFn = (event: DisputeEvent, d: Dispute) => string | { who: string; what: string };

function table<F>(pick: (m: (typeof MODULES)[number]) => Record<string, unknown> | undefined, what: string): Map<string, F> {
  const map = new Map<string, F>();
  for (const m of MODULES) {
    for (const [key, fn] of Object.entries(pick(m) ?? {})) {
      if (map.has(key)) throw new Error(`Two commands word the ${what} ${key}`);
      map.set(key, fn as F);
    }
  }
  return map;
}

const NOTICES = table<NoticeFn>((m) => m.notices, 'notice');
const ENTRIES = table<EntryFn>((m) => m.entries, 'event');
for (const [shared, into] of [[SHARED_NOTICES, NOTICES], [CLOCK_ENTRIES, ENTRIES]] as const) {
  for (const [key, words] of Object.entries(shared)) {
    if (into.has(key)) throw new Error(`${key} is worded by a command and by the clock`);
    (into as Map<string, unknown>).set(key, words);
  }
}

/** The notice kinds and event types that have words (the command catalogue test checks every one has). */
export const WORDED = { notices: new Set(NOTICES.keys()), events: new Set(ENTRIES.keys()) };

/** What a notice no command words says (the command catalogue test keeps this from ever being sent). */
const unworded = (d: Dispute): string => `${d.reference} has changed. Open the thread to see where it stands.`;

/**
 * The words of a thread message or personal message. They name the dispute by reference, its
 * stage and the professionals involved, never the child or anything a person typed: everyone in
 * the channel reads these.
 */
export function noticeText(notice: Notice, d: Dispute): string {
  return NOTICES.get(notice.kind)?.(notice, d) ?? unworded(d);
}

/** One entry of the record, in words: its number, when (UK time), who, and what happened. */
export interface RecordEntry {
  seq: number;
  at: Instant;
  who: string;
  what: string;
  /** The entries that correct this one, and the one this corrects. */
  correctedBy: number[];
  corrects?: number;
}

/** What one event says, read against the dispute as it stood once the event was applied. */
function describe(e: DisputeEvent, d: Dispute): { who: string; what: string } {
  const words = ENTRIES.get(e.type)?.(e, d) ?? e.type;
  return typeof words === 'object' ? words : { who: 'by' in e && e.by ? e.by.name : CLOCK, what: words };
}

/**
 * Every entry of a dispute's record in order, in words, with who and when; a correction points
 * at the entry it corrects and that entry names its corrections.
 */
export function recordEntries(history: readonly { seq: number; event: DisputeEvent }[]): RecordEntry[] {
  const entries: RecordEntry[] = [];
  const recordSeq = new Map<string, number>();
  let state: Dispute | null = null;
  for (const { seq, event } of history) {
    state = evolve(state, event);
    const { who, what } = describe(event, state);
    const entry: RecordEntry = { seq, at: event.at, who, what, correctedBy: [] };
    if (event.type === 'conversation-recorded') {
      recordSeq.set(event.record.id, seq);
      const corrected = event.record.corrects ? recordSeq.get(event.record.corrects) : undefined;
      if (corrected !== undefined) {
        entry.corrects = corrected;
        entries.find((x) => x.seq === corrected)?.correctedBy.push(seq);
      }
    }
    entries.push(entry);
  }
  return entries;
}

/** Everything that happened in a dispute, earliest first, in words: the card's history and the written account's "what was tried". */
export function narrate(d: Dispute): NarrativeEntry[] {
  const lines = [...sharedHistory(d), ...MODULES.flatMap((m) => m.history?.(d) ?? [])];
  return lines.sort((a, b) => a.at.localeCompare(b.at));
}
