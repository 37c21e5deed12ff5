// Two projects: fast pure unit specs beside the code, and e2e specs on a real PostgreSQL.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  // NestJS 12's ES-module packages, compiled to CommonJS for Jest (see the transformer).
  '/node_modules/@nestjs/.+\\.js$': '<rootDir>/test/support/esm-to-commonjs.js',
};
const transformIgnorePatterns = ['/node_modules/(?!@nestjs/)'];
module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src', '<rootDir>/config'],
      testMatch: ['**/*.spec.ts'],
      transform,
      transformIgnorePatterns,
    },
    {
      // Specs that need a Redis server; CI runs them when one answers (see .ci/run).
      displayName: 'redis',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.redis-spec.ts'],
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      transform,
      setupFilesAfterEnv: ['<rootDir>/test/support/no-parallel-queries.ts'],
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
