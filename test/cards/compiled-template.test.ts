import assert from 'node:assert/strict';
import { Template } from 'adaptivecards-templating';
import { compileTemplate } from '../../src/cards/compiled-template';
import { CARD_NAMES, templateJson } from '../../src/cards/render';

/** What the library makes of a template and data: the card, or that it failed. */
function library(payload: unknown, data: unknown): unknown {
  try {
    return new Template(payload).expand({ $root: data });
  } catch {
    return 'failed';
  }
}

function compiled(payload: unknown, data: unknown): unknown {
  const template = compileTemplate(payload);
  assert.ok(template, 'compiled');
  try {
    return template.expand(data);
  } catch {
    return 'failed';
  }
}

/** Both ways, and the same JSON (key order included). */
function same(payload: unknown, data: unknown): unknown {
  const ours = compiled(payload, data);
  assert.equal(JSON.stringify(ours), JSON.stringify(library(payload, data)));
  return ours;
}

describe('a compiled card template expands as adaptivecards-templating does', () => {
  it('field paths, missing fields written back as ${path}, nulls, numbers and objects as they are', () => {
    const payload = {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: '${title}', size: '${size}', n: '${count}', flag: '${flag}', obj: '${nested}', none: '${gone}', nothing: '${empty}' },
        { type: 'TextBlock', text: 'Stage ${stage}: ${nested.label} (${nested.deeper.missing}) ${count}' },
        { type: 'TextBlock', text: '${$root.title} ${$data.title}', choices: '${list}', len: '${list.length}', upper: '${TITLE}' },
        { text: 'typed: ${typed}' },
      ],
    };
    const data = { title: 'PD-2026-0001', size: 'Large', count: 3, flag: false, nested: { label: 'Stage 2', deeper: {} }, empty: null, stage: 2, list: [{ a: 1 }, { a: 2 }], typed: '${title} stays as typed' };
    const card = same(payload, data) as { body: Record<string, unknown>[] };
    assert.equal(card.body[0]!.none, '${gone}');
    assert.equal(card.body[0]!.nothing, null);
    assert.equal(card.body[0]!.n, 3);
    assert.equal(card.body[1]!.text, 'Stage 2: Stage 2 (${nested.deeper.missing}) 3');
    assert.equal(card.body[2]!.len, '${list.length}', 'an array\'s length is not one of its fields');
    assert.equal(card.body[2]!.upper, 'PD-2026-0001', 'names match ignoring case, as the library reads them');
    assert.equal(card.body[3]!.text, 'typed: ${title} stays as typed');
  });

  it('$data repeats, $index counts, $root reaches out, nested lists flatten, nulls leave arrays', () => {
    const payload = {
      body: [
        { $data: '${rows}', type: 'TextBlock', text: '${$index}: ${name} of ${$root.reference}', inner: [{ $data: '${tags}', t: '${$data} (${$index})' }] },
        { $data: '${one}', text: '${name} ${$index}' },
        { $data: '${gaps}', text: '${name} at ${$index}' },
        { $data: '${nothing}', text: 'shown once, with the binding kept' },
        { $data: '${none}', text: '${name}' },
        { $data: '${emptyList}', text: 'never' },
        null,
        '${list}',
      ],
      keep: null,
    };
    const data = { reference: 'PD-1', rows: [{ name: 'a', tags: ['x', 'y'] }, { name: 'b', tags: [] }, { name: 'c', tags: ['z'] }], one: { name: 'single' }, nothing: undefined, none: null, emptyList: [], list: [1, 2], gaps: [{ name: 'a' }, undefined, null, { name: 'd' }] };
    same(payload, data);
  });

  it('$when: kept only for the boolean true, comparisons with strings and counts, anything else by the library', () => {
    const whens = [
      '${can.save}', '${can.other}', '${notice != \'\'}', '${notice == \'\'}', '${missing != \'\'}', '${missing == \'x\'}',
      '${count(list) > 0}', '${count(empty) == 0}', '${count(text) > 2}', '${count(obj) == 2}', '${count(missing) > 0}', '${count(number) == 0}', '${count(none) > 0}',
      '${number == \'\'}', '${flag != \'\'}', '${flag && count(list) == 2}', '${!flag}', '${if(flag, true, false)}', '${stringy}', 'true', '${one}', '${count(list) >= 2}', '${title}: ${flag}',
    ];
    const payload = { body: [...whens.map((when, i) => ({ $when: when, id: String(i) })), { $when: true, id: 'literal true' }, { $when: false, id: 'literal false' }] };
    for (const data of [
      { can: { save: true, other: 'yes' }, notice: 'Saved', list: [1, 2], empty: [], text: 'abc', obj: { a: 1, b: 2 }, number: 4, none: null, flag: true, stringy: 'true', one: 1, title: 'T' },
      { can: {}, notice: '', list: [], empty: [1], text: '', obj: {}, number: 0, none: null, flag: false, stringy: '', one: 0, title: '' },
      {},
    ]) {
      same(payload, data);
    }
  });

  it('an interpolated string with a null in it fails as the library fails, and an unknown function leaves its binding', () => {
    same({ text: 'a ${none} b' }, { none: null });
    same({ text: 'a ${nosuchfunction(x)} b', whole: '${nosuchfunction(x)}' }, { x: 1 });
  });

  it('a $data written as a literal holding expressions is left to the library', () => {
    assert.equal(compileTemplate({ $data: [{ a: '${x}' }], text: '${a}' }), undefined);
    assert.ok(compileTemplate({ $data: [{ a: 'plain' }], text: '${a}' }));
  });

  it('every card template compiles (none falls back to the library)', () => {
    for (const name of CARD_NAMES) assert.ok(compileTemplate(templateJson(name)), name);
  });
});
