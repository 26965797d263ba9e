import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The layers, as the README says: the domain imports nothing above it, the commands only the
 * domain, and there is no import cycle, of values or of types.
 */
const SRC = path.join(__dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Each source file's local imports (values and types), resolved to files. */
function imports(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)';/gms)].flatMap(([, spec]) => {
      const base = path.resolve(path.dirname(file), spec!);
      return [`${base}.ts`, path.join(base, 'index.ts')].filter((f) => existsSync(f)).slice(0, 1);
    });
    graph.set(file, targets);
  }
  return graph;
}

const layer = (file: string): string => path.relative(SRC, file).split(path.sep)[0]!;

describe('the layers of the code', () => {
  const graph = imports();

  it('the domain imports nothing but the domain; the commands nothing but the commands and the domain', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const allowed = layer(file) === 'domain' ? ['domain'] : layer(file) === 'commands' ? ['domain', 'commands'] : undefined;
      if (!allowed) continue;
      for (const t of targets) if (!allowed.includes(layer(t))) wrong.push(`${path.relative(SRC, file)} imports ${path.relative(SRC, t)}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('no file reaches itself through its imports, values or types', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const t of graph.get(file) ?? []) visit(t, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    assert.deepEqual(cycles, []);
  });
});
