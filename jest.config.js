// Fast pure unit specs beside the code; service and e2e specs on a real PostgreSQL (redis: see .ci/run).
// ES-module packages, compiled to CommonJS for Jest (see the transformer): NestJS 12, openid-client 6
// and oidc-provider 9 (staff sign-in and its test provider) with their oauth4webapi and jose 6, and
// @formatjs/intl-localematcher (src/common/locale.ts) with its @formatjs/fast-memoize.
const ESM_PACKAGES = ['@nestjs', '@formatjs', 'openid-client', 'oauth4webapi', 'oidc-provider', 'jose'];
// jose 5 at the top level is CommonJS (dist/node/cjs) and stays as it is; jose 6 (dist/webapi) is not.
const ESM_FILES = [
  '@nestjs/',
  '@formatjs/',
  'openid-client/build/',
  'oauth4webapi/build/',
  'oidc-provider/lib/',
  'jose/dist/webapi/',
];
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  [`/node_modules/(${ESM_FILES.join('|')}).+\\.js$`]: '<rootDir>/test/support/esm-to-commonjs.js',
};
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`];
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
      // Use cases and repositories on a real PostgreSQL, without HTTP (the e2e global setup's template).
      displayName: 'service',
      testEnvironment: 'node',
      roots: ['<rootDir>/test', '<rootDir>/src'],
      testMatch: ['**/*.service-spec.ts'],
      transform,
      transformIgnorePatterns,
      setupFilesAfterEnv: ['<rootDir>/test/support/no-parallel-queries.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // Specs that talk to a real Radicale CalDAV server (test/support/radicale.ts starts it): the CalDAV
      // client's, and the HTTP ones that boot the app on PostgreSQL (hence the e2e global setup). CI
      // installs radicale and runs them on their own (see .ci/run); `npm test` leaves them out.
      displayName: 'caldav',
      testEnvironment: 'node',
      roots: ['<rootDir>/test', '<rootDir>/src'],
      testMatch: ['**/*.caldav-spec.ts'],
      transform,
      transformIgnorePatterns,
      setupFilesAfterEnv: ['<rootDir>/test/support/no-parallel-queries.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // busyFromIcs against other projects' test calendars and Debian's python3-recurring-ical-events
      // (test/support/expand-ics.py). CI installs the package and runs it on its own (see .ci/run);
      // `npm test` leaves it out.
      displayName: 'ics-peer',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.ics-peer-spec.ts'],
      transform,
      transformIgnorePatterns,
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
