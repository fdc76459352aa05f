// Drain library tests in three tiers (jest.preset.cjs `tiers`). The e2e tier spawns compiled fixture apps that
// import @drainboard/drain and @drainboard/demo from dist: its globalSetup builds them first.
const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset.tiers('drain', preset, {
    rootDir: __dirname,
    testTimeout: 60000,
    e2e: { globalSetup: '<rootDir>/test/build-fixtures.cjs' },
  }),
  // The plain-Nest cells run concurrently (a global option): they mostly wait (keep-alive timeouts, the limit).
  maxConcurrency: 4,
};
