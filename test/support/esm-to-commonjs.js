// NestJS 12 ships its packages as ES modules. Node 20.19+ loads them from our CommonJS build through
// require(esm), but Jest 29 runs every module through its own CommonJS loader (Jest's native require(esm)
// needs Node 24.9+), so under Jest those packages are compiled to CommonJS like our own sources.
// `createRequire(import.meta.url)` becomes Jest's `require`, which keeps optional packages that Nest
// loads by name (class-transformer, class-validator) in the same module registry as our code.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const ts = require('typescript');

const SELF = readFileSync(__filename, 'utf8');
const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  allowJs: true,
  sourceMap: false,
};

function toCommonJs(source, filename) {
  const rewritten = source
    .replace(/createRequire\(import\.meta\.url\)/g, 'require')
    .replace(/^const require = require;$/m, '');
  if (rewritten.includes('import.meta'))
    throw new Error(`${filename}: import.meta beyond createRequire(import.meta.url) has no CommonJS form here`);
  return ts.transpileModule(rewritten, { compilerOptions, fileName: filename }).outputText;
}

module.exports = {
  process(source, filename) {
    return { code: toCommonJs(source, filename) };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(SELF).update(ts.version).update(filename).update(source).digest('hex');
  },
};
