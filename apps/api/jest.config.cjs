// API tests in three tiers (jest.preset.cjs `tiers`): unit (*.spec.ts beside the code), integration on real
// Postgres (*.integration-spec.ts) and e2e against the built dist/main.js in child processes (test/*.e2e-spec.ts).
// The integration and e2e tiers start one Postgres for the run (embedded, or the server DATABASE_URL points at)
// and migrate a template database that test files clone (test/support/postgres.ts).
const preset = require('../../jest.preset.cjs');

const postgres = {
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
};

module.exports = preset.tiers('api', preset, { rootDir: __dirname, integration: postgres, e2e: postgres });
