const preset = require('../../jest.preset.cjs');

module.exports = preset.tiers('demo', preset, { rootDir: __dirname });
