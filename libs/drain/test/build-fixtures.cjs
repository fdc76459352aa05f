// Jest globalSetup: compile the library and the fixture apps the e2e tests spawn with `node`.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = function buildFixtures() {
  const root = path.join(__dirname, '..');
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.lib.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [tsc, '-p', 'test/tsconfig.fixtures.json'], { cwd: root, stdio: 'inherit' });
};
