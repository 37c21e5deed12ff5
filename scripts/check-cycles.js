#!/usr/bin/env node
// Fails when the top-level folders of src/ import each other in a circle. Cycles between files of one
// folder are the folder's own business; a cycle between folders means neither can change alone.
// Files directly in src/ (the app's wiring) count as one node, "src". Type-only imports count too.
// It also fails when a folder starts importing a folder it did not import before: the known pairs are listed in
// scripts/folder-imports.json, so that a new dependency between features is a decision someone writes down
// (`--write` records today's pairs; pairs that disappear are dropped from the list the same way).
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const src = path.join(root, 'src');
const KNOWN_PAIRS = path.join(__dirname, 'folder-imports.json');

function folderOf(file) {
  const rel = path.relative(src, path.resolve(src, file));
  if (rel.startsWith('..')) return null; // outside src/ (config/, migrations/): not part of the rule
  const parts = rel.split(path.sep);
  return parts.length === 1 ? 'src' : parts[0];
}

/** Strongly connected components (Tarjan) of { node: Set(node) }. */
function components(graph) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const out = [];
  const visit = (v) => {
    info.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of graph[v] ?? []) {
      if (!info.has(w)) {
        visit(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).onStack) {
        info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
      }
    }
    if (info.get(v).low === info.get(v).index) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).onStack = false;
        scc.push(w);
      } while (w !== v);
      out.push(scc.sort());
    }
  };
  for (const v of Object.keys(graph)) if (!info.has(v)) visit(v);
  return out;
}

/** Every non-spec .ts file under dir, relative to src/. */
function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path.relative(src, full)] : [];
  });
}

/** { file: [imported files] } for the relative imports (and re-exports) of each file, as TypeScript reads them. */
function importGraph() {
  const files = {};
  for (const file of sourceFiles(src)) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(src, file), 'utf8'), true, true);
    files[file] = importedFiles
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => {
        const base = path.resolve(src, path.dirname(file), spec);
        const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
        return path.relative(src, hit ?? base);
      });
  }
  return files;
}

async function main() {
  const files = importGraph();
  const graph = {};
  const edges = []; // [fromFolder, toFolder, fromFile, toFile]
  for (const [from, deps] of Object.entries(files)) {
    const a = folderOf(from);
    if (!a) continue;
    graph[a] ??= new Set();
    for (const to of deps) {
      const b = folderOf(to);
      if (!b || b === a) continue;
      graph[a].add(b);
      edges.push([a, b, from, to]);
    }
  }
  const pairs = [...new Set(edges.map(([a, b]) => `${a} -> ${b}`))].sort();
  if (process.argv.includes('--write')) {
    fs.writeFileSync(KNOWN_PAIRS, `${JSON.stringify(pairs, null, 2)}\n`);
    console.log(
      `check:cycles: recorded ${pairs.length} folder-to-folder imports in ${path.relative(root, KNOWN_PAIRS)}`,
    );
  }
  const known = new Set(JSON.parse(fs.readFileSync(KNOWN_PAIRS, 'utf8')));
  const added = pairs.filter((p) => !known.has(p));
  for (const pair of added) {
    const [a, b] = pair.split(' -> ');
    const first = edges.find((e) => e[0] === a && e[1] === b);
    console.error(`new import between folders: ${pair} (src/${first[2]} imports src/${first[3]}); avoid it, or record`);
    console.error('  it on purpose with `node scripts/check-cycles.js --write`');
  }
  if (added.length) process.exitCode = 1;
  const cycles = components(graph).filter((c) => c.length > 1);
  if (cycles.length === 0) {
    const gone = [...known].filter((p) => !pairs.includes(p)).length;
    console.log(
      `check:cycles: no import cycle between the ${Object.keys(graph).length} top-level folders of src/; ` +
        `${pairs.length} folder-to-folder imports${gone ? ` (${gone} fewer than recorded: --write to drop them)` : ''}`,
    );
    return;
  }
  for (const cycle of cycles) {
    console.error(`import cycle between folders of src/: ${cycle.join(', ')}`);
    const inCycle = new Set(cycle);
    const byPair = new Map();
    for (const [a, b, from, to] of edges) {
      if (!inCycle.has(a) || !inCycle.has(b)) continue;
      const key = `${a} -> ${b}`;
      if (!byPair.has(key)) byPair.set(key, []);
      byPair.get(key).push(`src/${from} imports src/${to}`);
    }
    // The side with fewer imports is usually the one to turn around, so it is listed whole.
    for (const [key, imports] of [...byPair].sort((x, y) => x[1].length - y[1].length)) {
      console.error(`  ${key} (${imports.length} import${imports.length === 1 ? '' : 's'})`);
      for (const line of imports.length <= 3 ? imports : [...imports.slice(0, 2), `...and ${imports.length - 2} more`])
        console.error(`    ${line}`);
    }
  }
  process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 2;
});
