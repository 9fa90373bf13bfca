import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
const extensions = ['.ts', '.tsx', '.d.ts'];

/** Every .ts/.tsx file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return sourceFiles(path);
    }
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/**
 * The relative modules a source imports: static imports and re-exports (type-only ones too, since they tie the
 * modules together just the same) and dynamic `import('…')`.
 */
function importsOf(text: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;
  return [...text.matchAll(pattern)].map(m => m[1]!);
}

function resolveImport(from: string, specifier: string, files: Set<string>): string | null {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, ...extensions.map(e => base + e), ...extensions.map(e => join(base, 'index' + e))];
  return candidates.find(c => files.has(c)) ?? null;
}

/** The cycles of a directed graph, each as the path that closes it (a → b → a). */
function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string) => {
    const at = onPath.indexOf(node);
    if (at >= 0) {
      cycles.push([...onPath.slice(at), node]);
      return;
    }
    if (done.has(node)) {
      return;
    }
    onPath.push(node);
    for (const next of graph.get(node) ?? []) {
      visit(next);
    }
    onPath.pop();
    done.add(node);
  };
  [...graph.keys()].sort().forEach(visit);
  return cycles;
}

function importGraph(): Map<string, string[]> {
  const files = sourceFiles(src);
  const known = new Set(files);
  return new Map(files.map(file => [
    relative(src, file),
    importsOf(readFileSync(file, 'utf8'))
      .map(s => resolveImport(file, s, known))
      .filter((f): f is string => f !== null)
      .map(f => relative(src, f)),
  ]));
}

describe('imports in web/src', () => {
  it('form no cycle', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(20);
    expect(findCycles(graph).map(c => c.join(' → '))).toEqual([]);
  });

  it('are all found and resolved (so the check above sees every edge)', () => {
    const graph = importGraph();
    expect(graph.get('console/NewSessionDialog.tsx')).toContain('console/policyState.ts');
    expect(graph.get('console/ConsoleApp.tsx')).toContain('console/NewSessionDialog.tsx');
    expect(graph.get('console/ConsoleApp.tsx')).toContain('console/PolicyPage.tsx');
    expect(importsOf([
      "import type { A } from './a';",
      "import { B,\n  C } from '../b';",
      "export { D } from './d';",
      "import './side.css';",
      "void import('./lazy').then(m => m);",
      "import { x } from 'preact';",
    ].join('\n'))).toEqual(['./a', '../b', './d', './side.css', './lazy']);
  });

  it('cycle detection finds a cycle, however long', () => {
    expect(findCycles(new Map([['a', ['b']], ['b', ['a']]]))).toEqual([['a', 'b', 'a']]);
    expect(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });
});
