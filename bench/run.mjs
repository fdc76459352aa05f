// `npm run bench`: runs every bench script in this folder one after another (not part of the tests; BENCH_ONLY
// picks some), then prints
// the issue's performance table in one place: every figure the scripts recorded (support.mjs `recordFigure`),
// with its target and verdict, and the machine's load averages at the start and the end.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const SKIP = new Set(['run.mjs', 'support.mjs', 'load.mjs']);
// BENCH_ONLY=a.mjs,b.mjs runs only those scripts (e.g. to redo one table).
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const scripts = readdirSync(dir)
  .filter((name) => name.endsWith('.mjs') && !SKIP.has(name) && (!only || only.includes(name)))
  .sort();
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const figuresDir = mkdtempSync(join(tmpdir(), 'drainboard-bench-figures-'));
const figuresFile = join(figuresDir, 'figures.jsonl');

const startLoad = loadavg();
const startedAt = Date.now();
let failed = 0;
for (const script of scripts) {
  console.log(`\n== bench/${script}`);
  const result = spawnSync(process.execPath, [script], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...process.env, BENCH_FIGURES: figuresFile },
  });
  if (result.status !== 0) {
    failed += 1;
    console.log(`bench/${script} failed (exit ${result.status ?? result.signal})`);
  }
}

let figures = [];
try {
  figures = readFileSync(figuresFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
} catch {
  // No script recorded a figure (each failed): the summary says so below.
}
rmSync(figuresDir, { recursive: true, force: true });
figures.sort((a, b) => a.key.localeCompare(b.key));
const width = Math.max(20, ...figures.map((f) => f.label.length));
console.log(
  `\n== summary: the performance table (${((Date.now() - startedAt) / 60_000).toFixed(1)} min; load averages ` +
    `${startLoad} at the start, ${loadavg()} at the end)`,
);
if (figures.length === 0) {
  console.log('  no figure was recorded');
}
for (const f of figures) {
  const verdict = f.target === null ? 'reference' : `target ${f.target}: ${f.met ? 'met' : 'MISSED'}`;
  console.log(
    `  ${f.label.padEnd(width)}  ${String(f.value).padStart(12)}  ${verdict.padEnd(28)} ${f.detail ? `${f.detail}  ` : ''}(${f.script})`,
  );
}
const missed = figures.filter((f) => f.target !== null && !f.met).length;
const withTarget = figures.filter((f) => f.target !== null).length;
console.log(`  targets met: ${withTarget - missed} of ${withTarget}`);
process.exit(failed === 0 ? 0 : 1);
