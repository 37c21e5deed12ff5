#!/usr/bin/env node
// Two house rules Prettier and ESLint do not check (part of `npm run lint`):
// - no class in src/ takes more than 6 constructor dependencies: a class that needs more does several jobs, and
//   the split should be made, not argued each time;
// - comments and SQL in src/ stay within Prettier's 120 columns. Prettier wraps code but neither comments nor the
//   text of strings; HTML templates and message strings may stay long where splitting hurts reading.
// A line counts as SQL when the string or template it belongs to reads as a statement (SELECT, INSERT, UPDATE,
// DELETE, WITH … AS).
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const WIDTH = 120;
const MAX_DEPENDENCIES = 6;
const SQL = /\b(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|WITH\s+\w+\s+AS\s*\()/;

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [full] : [];
  });
}

function check(file) {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const rel = path.relative(root, file);
  const problems = [];
  const ranges = []; // [start, end, what]
  const seenComments = new Set();
  const addComments = (list) => {
    for (const c of list ?? []) {
      if (seenComments.has(c.pos)) continue;
      seenComments.add(c.pos);
      ranges.push([c.pos, c.end, 'comment']);
    }
  };
  const visit = (node) => {
    addComments(ts.getLeadingCommentRanges(text, node.pos));
    addComments(ts.getTrailingCommentRanges(text, node.end));
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      (ts.isTemplateExpression(node) && !ts.isTaggedTemplateExpression(node.parent))
    ) {
      const body = text.slice(node.getStart(sf), node.end);
      if (SQL.test(body)) ranges.push([node.getStart(sf), node.end, 'SQL']);
    }
    if (ts.isConstructorDeclaration(node) && node.parameters.length > MAX_DEPENDENCIES) {
      const cls = node.parent.name?.text ?? '(anonymous class)';
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      problems.push(
        `${rel}:${line + 1}: ${cls} takes ${node.parameters.length} constructor dependencies (at most ${MAX_DEPENDENCIES})`,
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const lineStarts = sf.getLineStarts();
  lineStarts.forEach((start, i) => {
    const end = i + 1 < lineStarts.length ? lineStarts[i + 1] - 1 : text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (line.length <= WIDTH) return;
    // The part past the limit lies in a comment or in SQL: code Prettier could not wrap (a long message) may stay.
    const hit = ranges.find(([a, b]) => a <= start + WIDTH && b > start + WIDTH);
    if (hit) problems.push(`${rel}:${i + 1}: ${hit[2]} line of ${line.length} columns (at most ${WIDTH})`);
  });
  return problems;
}

const problems = sourceFiles(path.join(root, 'src')).flatMap(check);
for (const p of problems) console.error(p);
if (problems.length) {
  console.error(`check:house-rules: ${problems.length} problem(s)`);
  process.exitCode = 1;
} else {
  console.log(
    `check:house-rules: constructors take at most ${MAX_DEPENDENCIES} dependencies; comments and SQL fit ${WIDTH} columns`,
  );
}
