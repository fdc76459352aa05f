// Takes the README's console screenshots (docs/screenshots/*.png) by running the browser journey test
// (apps/api/test/console-journeys.e2e-spec.ts) with CONSOLE_SCREENSHOTS set: a real API, real traffic, real drain.
// Build first (npm run build), then: node scripts/console-screenshots.mjs
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs/screenshots');
const result = spawnSync(
  'npx',
  ['jest', '--selectProjects', 'api:e2e', '--runInBand', 'test/console-journeys'],
  { cwd: join(root, 'apps/api'), stdio: 'inherit', env: { ...process.env, CONSOLE_SCREENSHOTS: out } },
);
if (result.status !== 0) {
  process.exit(result.status ?? 1);
}
process.stdout.write(`screenshots written to ${out}\n`);
