// Child-process tests run compiled fixtures importing @drainboard/drain from dist: build both first.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'drain',
  globalSetup: '<rootDir>/test/build-fixtures.cjs',
  testTimeout: 60000,
};
