const path = require('node:path');
const preset = require('../../jest.preset.cjs');

module.exports = preset.tiers(
  'web',
  { ...preset, moduleNameMapper: { '^@web/(.*)\\.js$': path.join(__dirname, 'src/$1'), ...preset.moduleNameMapper } },
  { rootDir: __dirname },
);
