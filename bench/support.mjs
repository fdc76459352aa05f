// Helpers shared by the bench scripts: start a fixture process, fire requests, time its exit, medians, parameters.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { spread } from './load.mjs';

const LISTENING = /bench: listening port=(\d+)|drainboard: listening traffic=(\d+)/;

/**
 * Spawns `node <args>` (behind `prefix`, e.g. `taskset -c 1`, which execs node in the same PID) and resolves with
 * the process and its port once it prints its listening line.
 */
export async function startFixture(args, env = {}, prefix = []) {
  const [cmd, ...rest] = [...prefix, process.execPath, ...args];
  const proc = spawn(cmd, rest, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  let out = '';
  proc.stdout.setEncoding('utf8');
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`fixture ${args.join(' ')} did not start:\n${out}`));
    }, 30_000);
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const match = LISTENING.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1] ?? match[2]));
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fixture exited (${code}) before listening:\n${out}`));
    });
  });
  return { proc, port };
}

/** Sends `signal` to this process only and resolves with the milliseconds until it exited, and how. */
export async function timeExit(proc, signal = 'SIGTERM') {
  const exited = once(proc, 'exit');
  const sent = performance.now();
  proc.kill(signal);
  const [code, sig] = await exited;
  return { ms: performance.now() - sent, code, signal: sig };
}

/**
 * Opens `n` connections through `agent`, each carrying one GET of `path`; `lastEnd` is when the last response
 * ended (hrtime ns, comparable with a server's own `process.hrtime`), `written` how many requests are on the wire.
 * `settled` resolves once every request has its answer or its error.
 */
export function fire(port, n, path, agent) {
  const result = { ok: 0, failed: 0, lastEnd: 0n, written: 0 };
  const settled = Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise((resolve) => {
          const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
            res.resume();
            res.once('end', () => {
              result.lastEnd = process.hrtime.bigint();
              resolve(res.statusCode === 200 ? (result.ok += 1) : (result.failed += 1));
            });
            res.once('error', () => resolve((result.failed += 1)));
          });
          req.once('finish', () => (result.written += 1));
          req.once('error', () => resolve((result.failed += 1)));
        }),
    ),
  );
  return { result, settled };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const fmt = (n, digits = 1) => n.toFixed(digits);

/** The bench's parameters, from the environment (smaller values make a quick run). */
export const BENCH = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
  seconds: Number(process.env.BENCH_SECONDS ?? 4),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
  exitRuns: Number(process.env.BENCH_EXIT_RUNS ?? 5),
  slowN: Number(process.env.BENCH_SLOW_N ?? 2000),
};

/** Milliseconds between two `process.hrtime.bigint()` readings. */
export const msBetween = (from, to) => Number(to - from) / 1e6;

const dataDirs = [];
process.once('exit', () => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * The environment of a bench API process (`apps/api/dist/main.js`): loopback, ports chosen by the OS, no demo job,
 * a private DATA_DIR (removed when the bench exits), then `extra`. Without DATABASE_URL it runs embedded Postgres.
 */
export function apiEnv(extra = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'drainboard-bench-data-'));
  dataDirs.push(dataDir);
  return {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    ADMIN_PORT: '0',
    DEMO_JOB_INTERVAL_MS: '0',
    DATA_DIR: dataDir,
    ...extra,
  };
}

/**
 * One figure of the issue's performance table, for `npm run bench`'s summary (bench/run.mjs sets BENCH_FIGURES to
 * a file; each figure is one JSON line). A bench run alone prints its own table and writes nothing.
 * `key` orders and groups the summary's rows; `target` is e.g. `>= 0.97` or `<= 40 ms` (none for a reference).
 */
export function recordFigure({ key, label, value, target = null, met = null, detail = '' }) {
  const file = process.env.BENCH_FIGURES;
  if (file) {
    const script = process.argv[1]?.split('/').pop() ?? '';
    appendFileSync(file, `${JSON.stringify({ key, label, value, target, met, detail, script })}\n`);
  }
}

/** Median and spread of millisecond figures, `-` when none was measured (null: the server printed no exit). */
export function times(values) {
  const known = values.filter((v) => v !== null);
  if (known.length === 0) {
    return '-';
  }
  return `${fmt(median(known))} ms (${spread(known, 1)})`;
}

/** `met` / `MISSED`, as every bench prints its verdicts. */
export const verdict = (ok) => (ok ? 'met' : 'MISSED');

/** Runs `measure(name)` for each of `names`, `runs` times, alternating the order; results by name. */
export async function alternate(names, runs, measure) {
  const results = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < runs; i += 1) {
    for (const name of i % 2 === 0 ? names : [...names].reverse()) {
      results[name].push(await measure(name));
    }
  }
  return results;
}
