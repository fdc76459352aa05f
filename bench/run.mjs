// `npm run bench`: runs every bench script in this folder one after another (not part of the tests).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const SKIP = new Set(['run.mjs', 'support.mjs', 'load.mjs']);
const scripts = readdirSync(dir)
  .filter((name) => name.endsWith('.mjs') && !SKIP.has(name))
  .sort();

let failed = 0;
for (const script of scripts) {
  console.log(`\n== bench/${script}`);
  const result = spawnSync(process.execPath, [script], { cwd: dir, stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
  }
}
process.exit(failed === 0 ? 0 : 1);
