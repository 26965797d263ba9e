import assert from 'node:assert/strict';
import { CARD_NAMES, CardName, observeRenders, templateJson } from '../../src/cards/render';
import { DEFAULT_INDICATORS, disputeViewCard, EMPTY_RAISE_FORM, raisedCard, raiseFormCard, secretariatViewCard, statusCard, threadCard, writtenAccountCard } from '../../src/cards/views';
import { compileWrittenAccount } from '../../src/documents/written-account';
import type { Dispute } from '../../src/domain/dispute';
import { as, ctx, expire, FOUR_LSCB, people, raised, run, uk } from '../support/dispute-fixtures';
import { message, startHarness, users } from '../support/bot-harness';

/**
 * Every name a card template binds at its top level (`${reference}`, `${can.recordAccount}`,
 * `${count(recordChoices) > 0}`), outside the repeated parts `$data` opens, where names are the
 * item's own. Function names and string literals are not names.
 */
const FUNCTIONS = new Set(['count', 'if', 'and', 'or', 'not', 'json', 'string', 'length', 'empty', 'true', 'false', 'null']);

function rootNames(node: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    node.forEach((n) => rootNames(n, names));
    return names;
  }
  if (typeof node === 'string') {
    for (const [, expression] of node.matchAll(/\$\{([^}]*)\}/g)) {
      const bare = expression!.replace(/'[^']*'/g, "''");
      for (const m of bare.matchAll(/(?<![\w.$])([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()/g)) {
        if (!FUNCTIONS.has(m[1]!)) names.add(m[1]!);
      }
      for (const m of bare.matchAll(/\$root\.([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]!);
    }
    return names;
  }
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ('$data' in o) {
      // The repeated part's list is bound here; inside it, only $root names reach the model.
      rootNames(o.$data, names);
      const rooted = JSON.stringify(o).matchAll(/\$root\.([A-Za-z_][A-Za-z0-9_]*)/g);
      for (const m of rooted) names.add(m[1]!);
      return names;
    }
    Object.values(o).forEach((v) => rootNames(v, names));
  }
  return names;
}

/** Each card's view-models as the bot builds them, for disputes at every point of their lives. */
async function modelsOf(): Promise<Map<CardName, Set<string>>> {
  const seen = new Map<CardName, Set<string>>();
  const stop = observeRenders((name, model) => seen.set(name, new Set([...(seen.get(name) ?? []), ...Object.keys(model)])));
  try {
    const options = { now: uk('2026-12-29T10:00'), ctx, emergencyContact: 'MASH', indicators: DEFAULT_INDICATORS, advice: { name: 'Priya Shah', role: 'safeguarding lead' } };
    let d: Dispute = raised();
    const stages: Dispute[] = [d];
    d = expire(d);
    stages.push(d);
    d = expire(expire(d));
    stages.push(d);
    d = run(d, people.chris, uk('2027-01-05T17:00'), { kind: 'approve-escalation', fromStage: 3 });
    stages.push(d);
    stages.push(run(d, people.morgan, uk('2027-01-06T10:00'), { kind: 'record-decision', decision: 'Conference', actions: [] }));
    for (const s of stages) {
      for (const who of [people.alex, people.sam, people.priya, people.chris, people.morgan]) disputeViewCard(s, as(s, who), options);
      threadCard(s, 'notice');
      secretariatViewCard(s, as(s, people.morgan), { now: options.now, ctx });
      statusCard([{ dispute: s, viewer: as(s, people.alex), threadUrl: '' }]);
    }
    raiseFormCard({ protocol: FOUR_LSCB, people: [], agencies: ['A'], indicators: DEFAULT_INDICATORS, emergencyContact: 'MASH', peoplePicker: 'directory', values: EMPTY_RAISE_FORM, errors: ['x'], knownAgency: 'A', formId: 'f' });
    raisedCard(stages[0]!, 'https://teams.microsoft.com/l/message/x', 'MASH');
    writtenAccountCard(compileWrittenAccount(stages[3]!));
    // The away form is built in the personal chat, as the bot answers "away".
    const h = await startHarness({});
    try {
      await h.post(message(h, users.priya, 'away'));
    } finally {
      await h.close();
    }
  } finally {
    stop();
  }
  return seen;
}

describe('every card\'s bindings, checked against the view-model the bot builds', () => {
  const cards = CARD_NAMES;
  let models: Map<CardName, Set<string>>;
  before(async () => {
    models = await modelsOf();
  });

  for (const name of cards) {
    it(`${name}: every name the template binds is in its view-model, and the view-model holds nothing the template does not bind`, () => {
      const bound = rootNames(templateJson(name));
      const model = models.get(name);
      assert.ok(model, `${name} was rendered`);
      assert.deepEqual([...bound].filter((n) => !model.has(n)).sort(), [], `${name} binds names its view-model lacks`);
      assert.deepEqual([...model].filter((n) => !bound.has(n)).sort(), [], `${name}'s view-model carries fields no template binds`);
    });
  }

  it('the check finds a name bound at the top level but not one inside a repeated part', () => {
    const names = rootNames({ body: [{ text: '${a} ${count(b) > 0} ${c.d != \'x\'}' }, { $data: '${items}', text: '${title} ${$root.e}' }] });
    assert.deepEqual([...names].sort(), ['a', 'b', 'c', 'e', 'items']);
  });
});
