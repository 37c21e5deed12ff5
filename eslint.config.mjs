// @ts-check
// ESLint for the whole tree: typescript-eslint's type-checked rules on TypeScript (through the
// tsconfig.json project), plain recommended rules on our few JavaScript files. Formatting is Prettier's.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// One way to reach the database (README, "Code map"): SQL, query builders and TypeORM repositories live in
// repositories (*.repository.ts) and read models (*.read-model.ts); services open a transaction through
// `Transactions` (src/common/transactions.ts) and pass its EntityManager on, which they may name as a type.
// Entities, modules, src/database, src/jobs (pg-boss's own SQL), Transactions itself, the HTTP error filter
// (which tells a failed statement apart) and the readiness probe (does the database answer, is a migration
// pending?) are the plumbing itself.
const DATA_LAYER = ['src/**/*.repository.ts', 'src/**/*.read-model.ts', 'src/**/*.entity.ts', 'src/**/*.module.ts'];
const PLUMBING = [
  'src/database/**',
  'src/jobs/**',
  'src/common/http-error.filter.ts',
  'src/common/transactions.ts',
  'src/health/database-probe.ts',
  'src/**/*.spec.ts',
];
// Scripts, not services: the command line (its own DataSource, migrations, an admin's role set by hand) and the
// demo seed (first start on the embedded database, or SEED_DEMO=true), which writes made-up rows straight into
// the tables, past meetings (completed, no-show) that no booking rule would let through among them.
const SCRIPTS = ['src/cli.ts', 'src/demo/**'];
const PREPARED = {
  group: ['**/database/prepared-query', '**/database/statement-parts'],
  message: 'Prepared statements and SQL parts belong in a repository or read model.',
};
const NO_DATABASE_CALLS = ['query', 'createQueryBuilder', 'getRepository', 'transaction'].map((name) => ({
  selector: `CallExpression[callee.property.name='${name}']`,
  message: `.${name}() belongs in a repository or read model; services open transactions through Transactions.run.`,
}));

export default defineConfig(
  { ignores: ['dist/', 'var/', 'coverage/', 'test-artifacts/', 'node_modules/'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its error and outlives the request: always an error here.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    // CommonJS config and tooling files: require() is how they import.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Browser scripts served to the pages; livekit-client's UMD build defines LivekitClient.
    files: ['src/web/assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, LivekitClient: 'readonly' } },
  },
  {
    // End-to-end and service specs read HTTP answers through supertest, whose `res.body` is `any` by
    // design; the assertions check its shape. The unsafe-any rules stay on for src/ and test/support/.
    files: [
      'test/**/*.e2e-spec.ts',
      'test/**/*.service-spec.ts',
      'test/**/*.redis-spec.ts',
      'test/**/*.caldav-spec.ts',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  {
    files: ['src/**/*.ts'],
    ignores: [...DATA_LAYER, ...PLUMBING, ...SCRIPTS],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'typeorm', allowTypeImports: true, message: 'Only types (EntityManager) outside repositories.' },
            { name: '@nestjs/typeorm', message: 'Inject a repository class, not a TypeORM repository.' },
          ],
          patterns: [PREPARED],
        },
      ],
      'no-restricted-syntax': ['error', ...NO_DATABASE_CALLS],
    },
  },
  {
    // The web layer renders what services and read models give it: no TypeORM at all, not even its types.
    files: ['src/web/**/*.ts'],
    ignores: ['src/**/*.read-model.ts', 'src/**/*.module.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'typeorm', message: 'The web layer asks services and read models, never the database.' },
            { name: '@nestjs/typeorm', message: 'The web layer asks services and read models, never the database.' },
          ],
          patterns: [PREPARED, { group: ['**/database/*'], message: 'The web layer never reaches the database.' }],
        },
      ],
    },
  },
  {
    // A page handler is one line (src/web/http/page-handlers.ts): it takes `@PageContext() rc` and returns its
    // page, which the controller's renderer sends. The raw request and response only where a handler truly needs
    // them (a download, a cookie besides the page, assets), with an eslint-disable comment that says why.
    files: ['src/web/**/*.controller.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...NO_DATABASE_CALLS,
        {
          selector: 'Decorator > CallExpression[callee.name=/^(Req|Res|Request|Response|Next)$/]',
          message:
            'A page handler takes @PageContext() and returns its page; @Req()/@Res() only for a raw answer, saying why.',
        },
      ],
    },
  },
);
