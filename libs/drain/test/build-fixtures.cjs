// Jest globalSetup: compile the demo workload (@drainboard/demo), the library and the fixture apps the e2e tests
// spawn with `node`, and start a fresh comparison results file (git-ignored; scripts/comparison-table.mjs
// renders it), so the table is one run's.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

module.exports = function buildFixtures() {
  const root = path.join(__dirname, '..');
  const tsc = require.resolve('typescript/bin/tsc');
  const demo = path.join(root, '..', 'demo');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.lib.json'], { cwd: demo, stdio: 'inherit' });
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.lib.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [tsc, '-p', 'test/tsconfig.fixtures.json'], { cwd: root, stdio: 'inherit' });
  fs.rmSync(path.join(root, 'test', 'results', 'comparison.json'), { force: true });
};
