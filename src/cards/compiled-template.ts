import { Constant, Expression, ExpressionType, MemoryInterface, Options, SimpleObjectMemory } from 'adaptive-expressions';
import { GlobalSettings, Template } from 'adaptivecards-templating';

/**
 * A card template made ready once, then expanded for each card drawn: the answer to a press is
 * drawn on every press, and adaptivecards-templating spends most of that evaluating bindings.
 *
 * It expands exactly as the library's `Template.expand` does (adaptivecards-templating 2.3,
 * template-engine.js): the same `$data` (arrays repeat the element, `$index` counts them),
 * `$when` (dropped unless it is the boolean true), `$root`, reserved fields left out, nulls
 * dropped from arrays and arrays flattened into them, an undefined field written back as
 * `${path}`. The library parses every string (`Template.parseInterpolatedString`), and
 * adaptive-expressions evaluates every expression but these three, which are most of a card's:
 * - a field path (`${a.b}`, `${$root.a}`, `${$data}`, `${$index}`), read as the library's
 *   memory reads it: own enumerable properties, a name matched exactly first, then ignoring
 *   case (the library takes the first that matches ignoring case: the view-models never have
 *   two names that differ only in case);
 * - a path compared with a quoted string (`${notice != ''}`): the library's equality is then
 *   `===`, and an error is false;
 * - `count(path)` compared with a number by `>` or `==`.
 *
 * A template with a shape this does not know (a `$data` written as a literal holding
 * expressions) is not compiled: `compileTemplate` returns undefined and the library expands it.
 * Where tests run (CHECK_CARD_EXPANSION=1), every card drawn is expanded by both and compared.
 */
export interface CompiledTemplate {
  expand(root: unknown): unknown;
}

interface Scope {
  root: unknown;
  data: unknown;
  index: unknown;
}

/** What a node of the template becomes. */
type Expand = (scope: Scope) => unknown;

/** An expression's value: `ok: false` carries the library's error. */
type Evaluated = { ok: true; value: unknown } | { ok: false; error: unknown };
type Evaluate = (scope: Scope, substitute: boolean) => Evaluated;

const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

class Unsupported extends Error {}

/** The template ready to expand, or undefined if it has a shape only the library expands. */
export function compileTemplate(payload: unknown): CompiledTemplate | undefined {
  let root: Expand;
  try {
    root = compileNode(payload);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  return { expand: (data) => root({ root: data, data, index: undefined }) };
}

function compileNode(node: unknown): Expand {
  if (typeof node === 'string') {
    const parsed = Template.parseInterpolatedString(node);
    if (typeof parsed === 'string') return () => parsed;
    const evaluate = compileValue(parsed);
    return (scope) => {
      const result = evaluate(scope, true);
      if (!result.ok) throw new Error(String(result.error));
      return result.value;
    };
  }
  if (Array.isArray(node)) return compileArray(node.map(compileNode));
  if (node && typeof node === 'object') return compileObject(node as Record<string, unknown>);
  return () => node;
}

/** Items expanded in order: a null is left out, an array's items are put in its place. */
function compileArray(items: Expand[]): Expand {
  return (scope) => {
    const out: unknown[] = [];
    for (const item of items) {
      const value = item(scope);
      if (value === null) continue;
      if (Array.isArray(value)) out.push(...value);
      else out.push(value);
    }
    return out;
  };
}

function compileObject(node: Record<string, unknown>): Expand {
  const fields = Object.keys(node).filter((key) => !RESERVED.has(key)).map((key) => [key, compileNode(node[key])] as const);
  const when = '$when' in node ? compileWhen(node.$when) : undefined;
  const dataOf = '$data' in node ? compileData(node.$data) : undefined;
  const single = (scope: Scope): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, expand] of fields) {
      const value = expand(scope);
      if (value !== undefined) out[key] = value;
    }
    return out;
  };
  if (!dataOf) return (scope) => (when && !when(scope) ? null : single(scope));
  return (scope) => {
    const data = dataOf(scope);
    const repeated = Array.isArray(data);
    const contexts = repeated ? (data as unknown[]) : [data];
    const results: Record<string, unknown>[] = [];
    // As the library's one evaluation context: $data and $index carry from one element to the next.
    const here: Scope = { ...scope };
    for (let i = 0; i < contexts.length; i++) {
      if (repeated) here.index = i;
      if (contexts[i] !== undefined) here.data = contexts[i];
      if (when && !when(here)) continue;
      results.push(single(here));
    }
    return results.length === 0 ? null : results.length === 1 ? results[0] : results;
  };
}

/** `$when`: kept only if it evaluates to the boolean true; a `$when` that is no expression drops its object if it is truthy. */
function compileWhen(when: unknown): (scope: Scope) => boolean {
  const parsed = typeof when === 'string' ? Template.parseInterpolatedString(when) : when;
  if (!(parsed instanceof Expression)) return () => !parsed;
  const evaluate = compileExpression(parsed);
  return (scope) => {
    const result = evaluate(scope, false);
    return result.ok && result.value === true;
  };
}

function compileData(data: unknown): Expand {
  if (typeof data === 'string') return compileNode(data);
  if (containsExpression(data)) throw new Unsupported('a literal $data with expressions in it');
  return () => data;
}

function containsExpression(node: unknown): boolean {
  if (typeof node === 'string') return typeof Template.parseInterpolatedString(node) !== 'string';
  if (node && typeof node === 'object') return Object.values(node).some(containsExpression);
  return false;
}

/**
 * A string's expression (a value or a `$data`), as the library evaluates it there, where a
 * missing field is written back: an interpolated string piece by piece.
 */
function compileValue(expression: Expression): Evaluate {
  if (expression.type !== ExpressionType.Concat) return compileExpression(expression);
  const parts = expression.children.map((child) => ({ child, evaluate: compileExpression(child) }));
  return (scope) => {
    let text = '';
    for (const { child, evaluate } of parts) {
      let result: Evaluated;
      try {
        result = evaluate(scope, true);
      } catch (error) {
        result = { ok: false, error };
      }
      text += (result.ok ? result.value : `\${${child.toString()}}`)!.toString();
    }
    return { ok: true, value: text };
  };
}

/** One expression: the three common shapes read directly, any other by adaptive-expressions. */
function compileExpression(expression: Expression): Evaluate {
  if (expression instanceof Constant) return () => ({ ok: true, value: expression.value });
  const path = pathOf(expression);
  if (path) {
    const read = reader(path);
    const text = path.join('.');
    return (scope, substitute) => {
      const value = read(scope);
      return { ok: true, value: value === undefined && substitute ? substitution(text) : value };
    };
  }
  const [left, right] = expression.children;
  if ((expression.type === ExpressionType.Equal || expression.type === ExpressionType.NotEqual) && left && right instanceof Constant && typeof right.value === 'string') {
    const leftPath = pathOf(left);
    if (leftPath) {
      const read = reader(leftPath);
      const equal = expression.type === ExpressionType.Equal;
      return (scope) => ({ ok: true, value: (read(scope) === right.value) === equal });
    }
  }
  if ((expression.type === ExpressionType.GreaterThan || expression.type === ExpressionType.Equal) && left?.type === ExpressionType.Count && left.children.length === 1 && right instanceof Constant && typeof right.value === 'number') {
    const countedPath = pathOf(left.children[0]!);
    if (countedPath) {
      const read = reader(countedPath);
      const greater = expression.type === ExpressionType.GreaterThan;
      const limit = right.value;
      return (scope) => {
        const n = countOf(read(scope));
        // The library's comparison is false when count fails (what is counted is missing, or no container).
        return { ok: true, value: n === undefined ? false : greater ? n > limit : n === limit };
      };
    }
  }
  return byLibrary(expression);
}

/** adaptive-expressions' count: a string's or array's length, an object's number of keys; otherwise it fails. */
function countOf(value: unknown): number | undefined {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (value instanceof Map) return value.size;
  if (value && typeof value === 'object') return Object.keys(value).length;
  return undefined;
}

/** The segments of an accessor made of names only (`a.b`, `$root.a`), or undefined. */
function pathOf(expression: Expression): string[] | undefined {
  const segments: string[] = [];
  let at: Expression | undefined = expression;
  while (at) {
    if (at.type !== ExpressionType.Accessor) return undefined;
    const name = at.children[0];
    if (!(name instanceof Constant) || typeof name.value !== 'string') return undefined;
    segments.unshift(name.value);
    at = at.children[1];
  }
  const [first, ...rest] = segments;
  if (!first || !rest.every((s) => IDENTIFIER.test(s))) return undefined;
  if (IDENTIFIER.test(first) || first === '$root' || first === '$data' || first === '$index') return segments;
  return undefined;
}

function reader(path: string[]): (scope: Scope) => unknown {
  const [first, ...rest] = path;
  const start: (scope: Scope) => unknown =
    first === '$root' ? (s) => s.root : first === '$data' ? (s) => s.data : first === '$index' ? (s) => s.index : (s) => property(s.data, first!);
  return (scope) => {
    let value = start(scope);
    for (const name of rest) value = property(value, name);
    return value;
  };
}

/** A property as adaptive-expressions' memory reads it: own enumerable ones, ignoring case if no name matches exactly. */
function property(instance: unknown, name: string): unknown {
  if (!instance || typeof instance !== 'object') return undefined;
  const lower = name.toLowerCase();
  if (instance instanceof Map) {
    const value: unknown = instance.get(name);
    if (value !== undefined) return value;
    const key = [...instance.keys()].find((k) => typeof k === 'string' && k.toLowerCase() === lower);
    return key === undefined ? undefined : instance.get(key);
  }
  if (Object.prototype.propertyIsEnumerable.call(instance, name)) return (instance as Record<string, unknown>)[name];
  const key = Object.keys(instance).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : (instance as Record<string, unknown>)[key];
}

function substitution(path: string): string {
  return GlobalSettings.getUndefinedFieldValueSubstitutionString?.(path) || `\${${path}}`;
}

/** The library's own evaluation, over a memory laid out as the library lays out its own. */
function byLibrary(expression: Expression): Evaluate {
  const substituting = new Options();
  substituting.nullSubstitution = substitution;
  return (scope, substitute) => {
    const { value, error } = expression.tryEvaluate(new TemplateMemory(scope), substitute ? substituting : undefined);
    return error ? { ok: false, error } : { ok: true, value };
  };
}

/** As the library's memory: a path not starting with `$` is read from `$data`. */
class TemplateMemory implements MemoryInterface {
  private readonly memory: SimpleObjectMemory;
  constructor(scope: Scope) {
    this.memory = new SimpleObjectMemory({ $root: scope.root, $data: scope.data, $index: scope.index, $host: undefined });
  }
  getValue(path: string): unknown {
    return this.memory.getValue(path.length > 0 && path[0] !== '$' ? `$data.${path}` : path);
  }
  setValue(path: string, value: unknown): void {
    this.memory.setValue(path, value);
  }
  version(): string {
    return this.memory.version();
  }
}
