// API tests: unit (*.spec.ts beside the code), integration on real Postgres (*.integration-spec.ts) and e2e
// against the built dist/main.js in child processes (test/*.e2e-spec.ts).
// globalSetup starts one Postgres for the run (embedded, or the server DATABASE_URL points at) and migrates
// a template database that test files clone (test/support/postgres.ts).
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'api',
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
};
