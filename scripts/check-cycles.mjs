#!/usr/bin/env node
// Fails when the runtime imports of apps/ and libs/ form a cycle (`import type` is erased by the
// compiler and does not count). A cycle makes module initialisation order matter: a module can
// see another's exports before they are defined, which once forced a module-global cache in
// libs/scoring. Part of `npm test`; `node scripts/check-cycles.mjs` prints each cycle found.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.(spec|int-spec)\.ts$/.test(name)) {
      out.push(path);
    }
  }
  return out;
}

const files = ['apps', 'libs'].flatMap((top) =>
  readdirSync(join(ROOT, top)).flatMap((pkg) => {
    const src = join(ROOT, top, pkg, 'src');
    try {
      return sourceFiles(src);
    } catch {
      return [];
    }
  }),
);
const known = new Set(files);

/** `import … from 'x'` and `export … from 'x'`, except type-only ones; dynamic import() does not tie initialisation. */
const IMPORT = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm;

function resolveSpecifier(from, specifier) {
  let target;
  if (specifier.startsWith('.')) target = resolve(dirname(from), specifier);
  else if (specifier.startsWith('@app/')) {
    target = join(ROOT, 'libs', specifier.slice('@app/'.length), 'src', 'index.js');
  } else return null;
  const ts = target.replace(/\.js$/, '.ts');
  return known.has(ts) ? ts : null;
}

const edges = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const targets = new Set();
  for (const match of text.matchAll(IMPORT)) {
    const [, , typeOnly, clause, specifier] = match;
    if (typeOnly) continue;
    // `import { type A, type B } from` is erased too.
    const names = /^\{([^}]*)\}$/.exec(clause.trim());
    if (
      names &&
      names[1]
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
        .every((n) => n.startsWith('type '))
    ) {
      continue;
    }
    const target = resolveSpecifier(file, specifier);
    if (target) targets.add(target);
  }
  edges.set(file, [...targets]);
}

// Tarjan's strongly connected components: every component of more than one module is a cycle.
let index = 0;
const stack = [];
const state = new Map();
const cycles = [];
function connect(v) {
  const s = { index, low: index, onStack: true };
  index++;
  state.set(v, s);
  stack.push(v);
  for (const w of edges.get(v) ?? []) {
    const t = state.get(w);
    if (!t) {
      connect(w);
      s.low = Math.min(s.low, state.get(w).low);
    } else if (t.onStack) s.low = Math.min(s.low, t.index);
  }
  if (s.low === s.index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      state.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component);
  }
}
for (const file of files) if (!state.has(file)) connect(file);

if (cycles.length > 0) {
  process.stderr.write(`import cycles (runtime imports; \`import type\` does not count):\n`);
  for (const c of cycles) {
    process.stderr.write(
      `  ${c
        .map((f) => relative(ROOT, f))
        .sort()
        .join(' <-> ')}\n`,
    );
  }
  process.exit(1);
}
process.stderr.write(`no import cycles among ${files.length} modules\n`);
