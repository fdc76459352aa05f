// Drain library tests in three tiers (jest.preset.cjs `tiers`). The e2e tier spawns compiled fixture apps that
// import @drainboard/drain from dist: its globalSetup builds both first. testTimeout is a global Jest option
// (ignored inside a project), so it is set here for the child-process scenarios.
const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset.tiers('drain', preset, {
    rootDir: __dirname,
    e2e: { globalSetup: '<rootDir>/test/build-fixtures.cjs' },
  }),
  testTimeout: 60000,
  // The plain-Nest cells run concurrently: they mostly wait (keep-alive timeouts, the scenarios' limit).
  maxConcurrency: 8,
};
