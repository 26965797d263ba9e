import assert from 'node:assert/strict';
import { decide } from '../../src/commands';
import type { Actor, Dispute, DisputeState, PersonRef } from '../../src/domain/dispute';
import { evolve, replay } from '../../src/commands';
import type { Decision, DisputeEvent, Effect, RefusalCode } from '../../src/domain/messages';
import type { CommandBody } from '../../src/commands';
import type { DecideContext } from '../../src/domain/decider/context';
import { as, ctx } from './dispute-fixtures';

/** Some of a value's fields, at any depth: what a test says it expects, the rest ignored. */
type Some<T> = T extends readonly (infer U)[] ? Some<U>[] : T extends object ? { [K in keyof T]?: Some<T[K]> } : T;
type EventShape = { [T in DisputeEvent['type']]: Some<Extract<DisputeEvent, { type: T }>> & { type: T } }[DisputeEvent['type']];
type EffectShape = { [T in Effect['type']]: Some<Extract<Effect, { type: T }>> & { type: T } }[Effect['type']];

/** Whether `actual` holds every field `expected` names, deeply (the rest is ignored). */
function holds(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.length === actual.length && expected.every((e, i) => holds(actual[i], e));
  return typeof actual === 'object' && actual !== null && Object.entries(expected).every(([k, v]) => holds((actual as Record<string, unknown>)[k], v));
}

/** Who a decision's effects @-mention or tell, by name, sorted. */
export function mentioned(decision: Decision): string[] {
  if (!decision.ok) assert.fail(`refused: ${decision.refusal.message}`);
  return decision.effects.flatMap((e) => ('mention' in e ? e.mention.map((p) => p.name) : [])).sort();
}

/** Who is told in their own chat, with which notice. */
export function told(decision: Decision): [string, string][] {
  if (!decision.ok) assert.fail(`refused: ${decision.refusal.message}`);
  return decision.effects.flatMap((e): [string, string][] => (e.type === 'notify-person' ? [[e.to.name, e.notice.kind]] : []));
}

export interface Then {
  /** The events, in order, each holding the fields given. */
  then(events: EventShape[], effects?: EffectShape[]): Then;
  /** Refused, with a sentence matching `message`. */
  refused(code: RefusalCode, message?: RegExp): void;
  /** Accepted with nothing to record (a repeat). */
  nothingHappens(): void;
  /** The dispute after the events. */
  readonly state: Dispute;
  readonly decision: Decision;
}

/**
 * A decider test in the Emmett style: given(events).when(who, at, command).then(events, effects).
 * The state is folded from the events, exactly as the store's history replays.
 */
export function given(history: DisputeEvent[] | DisputeState) {
  const state = Array.isArray(history) ? replay(history) : history;
  return {
    state: state as Dispute,
    when(who: PersonRef | Actor, at: Date, body: CommandBody, context: DecideContext = ctx): Then {
      const actor = 'role' in who ? who : as(state, who);
      const decision = decide(state, { ...body, actor, now: at } as never, context);
      const result: Then = {
        decision,
        get state() {
          if (!decision.ok) assert.fail(`refused: ${decision.refusal.message}`);
          return decision.events.reduce<DisputeState>(evolve, state) as Dispute;
        },
        then(events, effects) {
          if (!decision.ok) assert.fail(`refused: ${decision.refusal.message}`);
          assert.equal(decision.events.length, events.length, `events: ${decision.events.map((e) => e.type).join(', ')}`);
          events.forEach((e, i) => assert.ok(holds(decision.events[i], e), `event ${i + 1}: expected ${JSON.stringify(e)}, got ${JSON.stringify(decision.events[i])}`));
          effects?.forEach((e) => assert.ok(decision.effects.some((x) => holds(x, e)), `no effect like ${JSON.stringify(e)} in ${JSON.stringify(decision.effects)}`));
          return result;
        },
        refused(code, message) {
          assert.ok(!decision.ok, 'expected a refusal');
          assert.equal(decision.refusal.code, code, decision.refusal.message);
          if (message) assert.match(decision.refusal.message, message);
        },
        nothingHappens() {
          assert.ok(decision.ok && decision.events.length === 0, decision.ok ? `events: ${decision.events.map((e) => e.type).join(', ')}` : decision.refusal.message);
        },
      };
      return result;
    },
  };
}
