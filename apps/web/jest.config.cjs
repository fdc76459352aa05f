const path = require('node:path');
const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'web',
  testEnvironment: 'node',
  moduleNameMapper: { '^@web/(.*)\\.js$': path.join(__dirname, 'src/$1'), ...preset.moduleNameMapper },
};
