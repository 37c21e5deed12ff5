// @ts-check
// ESLint for the whole tree: typescript-eslint's type-checked rules on TypeScript (through the
// tsconfig.json project), plain recommended rules on our few JavaScript files. Formatting is Prettier's.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
);
