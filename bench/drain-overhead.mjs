// Overhead of the drain library, in one run on loopback:
// 1. throughput of GET /demo/fast with the library vs the same app without it (alternating autocannon
//    rounds, medians, ratio; target >= 0.97);
// 2. time from SIGTERM to exit with nothing in flight and no LB delay (median of several runs; target < 50 ms
//    on top of Node's own exit), next to a plain Nest app and a bare `node -e` process for reference.
// Needs the API built (`npx nx run-many -t build -p @drainboard/api`).
import autocannon from 'autocannon';
import { fileURLToPath } from 'node:url';
import { fmt, median, startFixture, timeExit } from './support.mjs';

const APP = fileURLToPath(new URL('./apps/demo-app.mjs', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const EXIT_RUNS = Number(process.env.BENCH_EXIT_RUNS ?? 7);
const BARE_NODE = [
  '-e',
  "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1e6); console.log('bench: listening port=0')",
];

async function requestsPerSecond(port, duration) {
  const result = await autocannon({ url: `http://127.0.0.1:${port}/demo/fast`, connections: 20, duration });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`bench: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

async function throughput() {
  const drain = await startFixture([APP, '--drain']);
  const plain = await startFixture([APP]);
  const samples = { drain: [], plain: [] };
  try {
    await requestsPerSecond(drain.port, 1); // warm-up: JIT and sockets
    await requestsPerSecond(plain.port, 1);
    for (let round = 0; round < ROUNDS; round += 1) {
      // Alternate which goes first so drift (thermal, other load) hits both equally.
      const order = round % 2 === 0 ? ['drain', 'plain'] : ['plain', 'drain'];
      for (const name of order) {
        samples[name].push(await requestsPerSecond(name === 'drain' ? drain.port : plain.port, SECONDS));
      }
    }
  } finally {
    drain.proc.kill('SIGKILL');
    plain.proc.kill('SIGKILL');
  }
  // Each round's pair ran back to back, so the median of per-round ratios is robust to drift between rounds.
  const pairedRatio = median(samples.drain.map((value, i) => value / samples.plain[i]));
  return { drain: median(samples.drain), plain: median(samples.plain), pairedRatio, samples };
}

async function exitTimes(args) {
  const runs = [];
  for (let i = 0; i < EXIT_RUNS; i += 1) {
    const { proc } = await startFixture(args);
    runs.push(await timeExit(proc));
  }
  return { median: median(runs.map((r) => r.ms)), codes: [...new Set(runs.map((r) => r.code ?? r.signal))] };
}

const tput = await throughput();
console.log(`GET /demo/fast, ${ROUNDS} alternating rounds of ${SECONDS} s, 20 connections (median req/s)`);
console.log(
  `  with drain library    ${fmt(tput.drain, 0)}   rounds: ${tput.samples.drain.map((v) => fmt(v, 0)).join(', ')}`,
);
console.log(
  `  without (plain Nest)  ${fmt(tput.plain, 0)}   rounds: ${tput.samples.plain.map((v) => fmt(v, 0)).join(', ')}`,
);
console.log(`  ratio of medians      ${fmt(tput.drain / tput.plain, 3)}   (target >= 0.97)`);
console.log(`  median paired ratio   ${fmt(tput.pairedRatio, 3)}`);

const bare = await exitTimes(BARE_NODE);
const plainExit = await exitTimes([APP]);
const drainExit = await exitTimes([APP, '--drain']);
console.log(`SIGTERM -> exit, nothing in flight, no LB delay (median of ${EXIT_RUNS} runs)`);
console.log(`  bare node -e          ${fmt(bare.median)} ms   exit ${bare.codes.join('/')}`);
console.log(`  plain Nest            ${fmt(plainExit.median)} ms   exit ${plainExit.codes.join('/')}`);
console.log(`  with drain library    ${fmt(drainExit.median)} ms   exit ${drainExit.codes.join('/')}`);
console.log(`  library over bare     ${fmt(drainExit.median - bare.median)} ms   (target < 50 ms)`);
