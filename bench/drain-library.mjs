// The drain library's own cost, side by side with plain Nest (`enableShutdownHooks()` only) in one run, on the
// bench demo app (bench/apps/demo-app.mjs, lbDelayMs 0), each figure with its target:
// 1. GET /demo/fast under wrk: req/s and server CPU µs per response, alternating rounds (BENCH_ROUNDS at least, more
//    until the median of the per-round library/plain ratios has a 95 % interval within ±1 %, BENCH_MAX_ROUNDS at
//    most), medians, spread and that interval;
// 2. last response -> process.exit with BENCH_SLOW_N (2000) slow requests in flight at SIGTERM;
// 3. SIGTERM -> exit with nothing in flight and 50 idle keep-alive sockets.
// Times come from inside the server (bench/probe/probe.mjs: its last response and its exit, on the monotonic
// clock shared with this process); the bench's own view (the child's exit event) is printed beside them. Plain
// Nest re-raises the signal after app.close(), so it has no exit hook: only the bench's view is printed for it.
// Needs the API built: `npx nx run-many -t build`. Not part of the tests: figures depend on the machine's load.
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

import { LOAD_TOOL, loadRound, PINNING, serverPrefix, spread } from './load.mjs';
import { probedRound, startProbed, stopIdle, stopUnderLoad } from './probe/probed-server.mjs';
import { alternate, BENCH, fmt, median, recordFigure, times, verdict } from './support.mjs';

const SLOW_RUNS = Number(process.env.BENCH_SLOW_RUNS ?? 3);
/** Throughput pairs go on past BENCH.rounds until the paired ratios' median is known within ±1 %, up to this. */
const MAX_ROUNDS = Number(process.env.BENCH_MAX_ROUNDS ?? 15);
const STABLE_WITHIN = 0.01;
const IDLE_SOCKETS = 50;
const DEMO_APP = fileURLToPath(new URL('./apps/demo-app.mjs', import.meta.url));

const SERVERS = {
  plain: { label: 'plain Nest (enableShutdownHooks)', args: [DEMO_APP] },
  drain: { label: 'with the drain library', args: [DEMO_APP, '--drain'] },
};
const NAMES = Object.keys(SERVERS);
const TARGETS = { throughputRatio: 0.99, cpuRatio: 1 / 0.99, afterLastMs: 5, idleExitMs: 40 };

const start = (name) => startProbed(SERVERS[name].args, {}, serverPrefix());

async function throughput() {
  const running = {};
  for (const name of NAMES) {
    running[name] = await start(name);
  }
  const samples = Object.fromEntries(NAMES.map((name) => [name, { rps: [], cpu: [] }]));
  try {
    const url = (name) => `http://127.0.0.1:${running[name].port}/demo/fast`;
    for (const name of NAMES) {
      await loadRound(url(name), { seconds: 1, connections: BENCH.connections });
    }
    for (let round = 0; round < Math.max(BENCH.rounds, MAX_ROUNDS); round += 1) {
      const order = round % 2 === 0 ? NAMES : [...NAMES].reverse();
      for (const name of order) {
        const { rps, cpu } = await probedRound(running[name], {
          seconds: BENCH.seconds,
          connections: BENCH.connections,
        });
        samples[name].rps.push(rps);
        samples[name].cpu.push(cpu);
      }
      if (
        round + 1 >= BENCH.rounds &&
        stable(pairedRatios(samples, 'cpu')) &&
        stable(pairedRatios(samples, 'rps'))
      ) {
        break;
      }
    }
  } finally {
    for (const name of NAMES) {
      await running[name].stop();
    }
  }
  return samples;
}

/** Library / plain of each round (the two servers ran back to back): load drifts cancel out in the ratio. */
const pairedRatios = (samples, key) => samples.drain[key].map((value, i) => value / samples.plain[key][i]);

/**
 * Distribution-free ~95 % confidence interval of the median (order statistics of a Binomial(n, 1/2)); null when
 * there are too few samples for one.
 */
function medianInterval(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  let k = 0;
  let cdf = 0;
  let term = 0.5 ** n;
  for (let i = 0; i < n; i += 1) {
    cdf += term;
    if (cdf > 0.025) {
      break;
    }
    k = i + 1;
    term = (term * (n - i)) / (i + 1);
  }
  return k === 0 ? null : [sorted[k - 1], sorted[n - k]];
}

/** The median's interval lies within ±STABLE_WITHIN of the median. */
function stable(values) {
  const interval = medianInterval(values);
  const mid = median(values);
  return (
    interval !== null && interval[0] >= mid * (1 - STABLE_WITHIN) && interval[1] <= mid * (1 + STABLE_WITHIN)
  );
}

const intervalText = (values) => {
  const interval = medianInterval(values);
  return interval ? `95 % CI ${fmt(interval[0], 3)}..${fmt(interval[1], 3)}` : 'too few rounds for a CI';
};

/** SIGTERM with BENCH.slowN slow requests in flight (see `stopUnderLoad`). */
async function exitAfterLastResponse(name) {
  const server = await start(name);
  try {
    return await stopUnderLoad(server, BENCH.slowN, '/demo/slow?ms=5000');
  } finally {
    await server.stop();
  }
}

/** SIGTERM -> exit with nothing in flight and IDLE_SOCKETS keep-alive sockets, each used once. */
async function idleExit(name) {
  const server = await start(name);
  try {
    return await stopIdle(server, IDLE_SOCKETS);
  } finally {
    await server.stop();
  }
}

console.log(
  `machine load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(
      ' ',
    )}; load: ${LOAD_TOOL} -t1 -c${BENCH.connections}; ${PINNING ? `load on core ${PINNING.load}, servers on core ${PINNING.server}` : 'no pinning (one core or no taskset)'}`,
);
const tput = await throughput();
const rps = (name) => median(tput[name].rps);
const cpu = (name) => median(tput[name].cpu);
console.log(
  `\nGET /demo/fast, ${tput.plain.rps.length} alternating rounds of ${BENCH.seconds} s (at least ${BENCH.rounds}, until the paired ratios' median is known within ±${STABLE_WITHIN * 100} %, at most ${MAX_ROUNDS}): medians (spread)`,
);
for (const name of NAMES) {
  console.log(
    `  ${SERVERS[name].label.padEnd(34)} ${fmt(rps(name), 0).padStart(7)} req/s (${spread(tput[name].rps)})` +
      `   ${fmt(cpu(name), 1).padStart(5)} µs CPU/response (${spread(tput[name].cpu, 1)})`,
  );
}
const rpsRatio = rps('drain') / rps('plain');
const cpuRatio = cpu('drain') / cpu('plain');
console.log(
  `  library / plain: req/s ratio ${fmt(rpsRatio, 3)}   target >= ${TARGETS.throughputRatio}: ${verdict(rpsRatio >= TARGETS.throughputRatio)}`,
);
console.log(
  `                   CPU per response ratio ${fmt(cpuRatio, 3)}   target <= ${fmt(TARGETS.cpuRatio, 3)}: ${verdict(cpuRatio <= TARGETS.cpuRatio)}`,
);
for (const [key, label] of [
  ['rps', 'req/s'],
  ['cpu', 'CPU µs per response'],
]) {
  const ratios = pairedRatios(tput, key);
  console.log(
    `  paired per round, ${label} ratio: median ${fmt(median(ratios), 3)} (${spread(ratios, 3)}), ${intervalText(ratios)}, ` +
      `within ±${STABLE_WITHIN * 100} %: ${stable(ratios) ? 'yes' : 'no'}`,
  );
}

const slow = await alternate(NAMES, SLOW_RUNS, exitAfterLastResponse);
console.log(
  `\nlast response -> process.exit, ${BENCH.slowN} slow requests in flight at SIGTERM (${SLOW_RUNS} runs each, median (spread))`,
);
for (const name of NAMES) {
  const runs = slow[name];
  const answered = runs.map((r) => `${r.ok}/${BENCH.slowN}`).join(' ');
  console.log(
    `  ${SERVERS[name].label.padEnd(34)} in the server ${times(runs.map((r) => r.inside))}` +
      `   bench's view ${times(runs.map((r) => r.seen))}` +
      `   answered ${answered}, exit ${[...new Set(runs.map((r) => r.code))].join('/')}`,
  );
}
const inside = median(slow.drain.map((r) => r.inside ?? Infinity));
console.log(
  `  library: last response -> process.exit ${fmt(inside)} ms   target <= ${TARGETS.afterLastMs} ms: ${verdict(inside <= TARGETS.afterLastMs)}`,
);

const idle = await alternate(NAMES, BENCH.exitRuns, idleExit);
console.log(
  `\nSIGTERM -> exit, nothing in flight, ${IDLE_SOCKETS} idle keep-alive sockets (${BENCH.exitRuns} runs each, median (spread))`,
);
for (const name of NAMES) {
  const runs = idle[name];
  console.log(
    `  ${SERVERS[name].label.padEnd(34)} -> process.exit ${times(runs.map((r) => r.inside))}` +
      `   -> exit seen ${times(runs.map((r) => r.seen))}   exit ${[...new Set(runs.map((r) => r.code))].join('/')}`,
  );
}
const idleMs = median(idle.drain.map((r) => r.inside ?? Infinity));
console.log(
  `  library: SIGTERM -> process.exit ${fmt(idleMs)} ms   target <= ${TARGETS.idleExitMs} ms: ${verdict(idleMs <= TARGETS.idleExitMs)}`,
);
recordFigure({
  key: '1-throughput-2b',
  label: 'with the drain library: CPU per response ratio (library bench)',
  value: fmt(cpuRatio, 3),
  target: `<= ${fmt(TARGETS.cpuRatio, 3)}`,
  met: cpuRatio <= TARGETS.cpuRatio,
  detail: `req/s ratio ${fmt(rpsRatio, 3)}`,
});
recordFigure({
  key: '2-last-response-1b',
  label: 'with the drain library: last response -> process.exit (library bench)',
  value: `${fmt(inside)} ms`,
  target: `<= ${TARGETS.afterLastMs} ms`,
  met: inside <= TARGETS.afterLastMs,
  detail: `${BENCH.slowN} in flight, ${SLOW_RUNS} runs`,
});
recordFigure({
  key: '3-idle-exit-library',
  label: 'with the drain library: SIGTERM -> process.exit, 50 idle sockets',
  value: `${fmt(idleMs)} ms`,
  target: `<= ${TARGETS.idleExitMs} ms`,
  met: idleMs <= TARGETS.idleExitMs,
  detail: `${BENCH.exitRuns} runs`,
});
