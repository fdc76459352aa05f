// The scratch-app test packs the libraries and installs them into a temp dir: one file, long timeout.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'scratch-app',
  testMatch: ['<rootDir>/*.e2e-spec.ts'],
  testTimeout: 60000,
};
