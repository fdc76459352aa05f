const preset = require('../../jest.preset.cjs');

module.exports = preset.tiers('contracts', preset, { rootDir: __dirname });
