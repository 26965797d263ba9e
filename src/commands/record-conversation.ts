import type { ConversationRecord } from '../domain/dispute';
import { RECENT_RECORDS, open } from '../domain/evolve';
import { accept, blank, iso, nothingToDo, person, post, refuse } from '../domain/decider/context';
import { entitled } from '../domain/permissions';
import { contentId, limited, object, text, ukMoment } from './card-fields';
import { byRule, card, command } from './command';
import { formatMoment } from '../domain/narrative';

/** A record of a conversation between the professionals or their managers, or a correction to one. */
export type RecordConversation = { kind: 'record-conversation'; record: Omit<ConversationRecord, 'by' | 'recordedAt'> };

/** A conversation as the record and the history tell it. */
const conversation = (r: Pick<ConversationRecord, 'heldAt' | 'participants' | 'discussed' | 'agreed'>) => `Conversation on ${formatMoment(r.heldAt)} with ${r.participants}. Discussed: ${r.discussed}. Agreed: ${r.agreed || 'nothing yet'}`;

export default command<RecordConversation>({
  kind: 'record-conversation',
  applies: 'open',
  rule: byRule(entitled),
  decide(state, c) {
    const r = c.record;
    if (blank(r.discussed) || blank(r.participants)) return refuse('invalid', 'Say who took part and what was discussed.');
    if (r.corrects && !state.records.some((x) => x.id === r.corrects)) {
      return refuse('invalid', state.earlierRecords ? `Only the ${state.records.length} most recent records can be corrected here; record a new conversation that says what was wrong in the earlier one.` : 'The record to correct does not exist.');
    }
    if (state.records.some((x) => x.id === r.id)) return nothingToDo();
    return accept(
      [{ type: 'conversation-recorded', at: iso(c.now), record: { ...r, by: person(c.actor), recordedAt: iso(c.now) } }],
      post({ kind: 'conversation-recorded' }),
    );
  },
  entries: {
    'conversation-recorded': (e) => ({ who: e.record.by.name, what: `${e.record.corrects ? 'Corrected an earlier record. ' : ''}${conversation(e.record)}.` }),
  },
  history: (d) => {
    const first = d.records[0];
    const earlier = d.earlierRecords && first
      ? [{ at: first.recordedAt, who: 'Record', what: `${d.earlierRecords} earlier conversation record${d.earlierRecords === 1 ? ' is' : 's are'} in the dispute's full record (type export ${d.reference} in your chat with the bot)`, tried: false }]
      : [];
    return [...earlier, ...d.records.map((r) => ({ at: r.recordedAt, who: r.by.name, what: `${r.corrects ? 'Correction to an earlier record. ' : ''}${conversation(r)}`, tried: true }))];
  },
  folds: {
    // The state holds the most recent records; the history holds every one (see recordsIn).
    'conversation-recorded': (state, e) => {
      const s = open(state, e);
      const records = [...s.records, e.record];
      const dropped = Math.max(0, records.length - RECENT_RECORDS);
      return { ...s, records: records.slice(dropped), ...(dropped || s.earlierRecords ? { earlierRecords: (s.earlierRecords ?? 0) + dropped } : {}) };
    },
  },
  card: card({
    schema: object({
      recordDate: text('Date of the conversation', 10), recordTime: text('Time', 8), recordParticipants: limited('Who took part', 'recordParticipants'),
      recordDiscussed: limited('What was discussed', 'recordDiscussed'), recordAgreed: limited('What was agreed', 'recordAgreed'), recordCorrects: text('The record it corrects', 80),
    }),
    build: (d, known) => {
      const heldAt = ukMoment(d.recordDate, d.recordTime);
      if (!heldAt) return { error: 'Enter the date and time of the conversation.' };
      // The same record pressed twice gets the same id, and the decider keeps it once.
      const id = contentId('rec', [known.actorId, heldAt, d.recordParticipants, d.recordDiscussed, d.recordAgreed, d.recordCorrects]);
      const record = { id, heldAt, participants: d.recordParticipants, discussed: d.recordDiscussed, agreed: d.recordAgreed, ...(d.recordCorrects ? { corrects: d.recordCorrects } : {}) };
      return { body: { kind: 'record-conversation', record } };
    },
    done: 'The record is added.',
    probe: (_d, _a, now) => ({ kind: 'record-conversation', record: { id: '\u0000probe', heldAt: now.toISOString(), participants: 'p', discussed: 'd', agreed: '' } }),
  }),
  notices: {
    'conversation-recorded': (_n, d) => `A record of a conversation was added to ${d.reference}.`,
  },
});
