// Cost and latency of the live feed, in one run on loopback against the built API (apps/api/dist/main.js):
// 1. throughput of GET /demo/fast with 100 live-feed clients connected vs none: alternating rounds, medians and
//    spread, their ratio (target >= 0.97, issue 14), and the API's CPU time per request (steadier than req/s);
// 2. under the same load, the time from sending a request to its listing in the in-flight list of each of the 100
//    clients (p50, p99 over every client and probe; target p99 <= 150 ms), and the tick -> client delivery part.
// Placement (2 cores): the API on core 1; the load generator (wrk) and the live clients' process on core 0. The
// clients run in their own process at normal priority: they stand for browsers elsewhere, and a starved client
// would add its own scheduling delay to the latency. Probes come from a third process on the same core, at random
// moments (their phase against the server's tick is uniform); send and receipt times are both wall clock
// (performance.timeOrigin + performance.now(), sub-millisecond and comparable between processes).
// Needs the API and the console built (`npx nx run-many -t build`). Uses DATABASE_URL when set, else the API's
// embedded Postgres in a temporary directory.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { io } from 'socket.io-client';

import { LIVE_BATCH_INTERVAL_MS } from '@drainboard/contracts';

import { cpuMs, LOAD_TOOL, loadRound, PINNING, serverPrefix, spread } from './load.mjs';
import { apiEnv, BENCH, fmt, median, recordFigure, timeExit, verdict } from './support.mjs';

const MAIN = fileURLToPath(new URL('../apps/api/dist/main.js', import.meta.url));
const LIVE_CLIENTS = Number(process.env.BENCH_LIVE_CLIENTS ?? 100);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 30);
/** How long a probe request stays in flight (ms): long enough to be listed by the next tick. */
const PROBE_MS = 300;
/** Issue 14's targets: 100 live clients cost at most 3 % of throughput; a request reaches them within 150 ms (p99). */
const RATIO_TARGET = 0.97;
const P99_TARGET_MS = 150;
const uptime = () => `load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`;
const LISTENING = /drainboard: listening traffic=(\d+) admin=(\d+)/;
const clientPrefix = () => (PINNING ? ['taskset', '-c', PINNING.load] : []);

async function startApi() {
  const token = randomBytes(18).toString('base64url');
  // The bench's clients all come from 127.0.0.1: above the feed's default cap per address (20).
  const env = apiEnv({ ADMIN_TOKEN: token, LOG_LEVEL: 'warn', LIVE_CONNECTIONS_PER_ADDRESS: '1000' });
  // BENCH_CPU_PROF=<dir>: the API writes a V8 CPU profile there when it exits.
  const prof = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const [cmd, ...args] = [...serverPrefix(), process.execPath, ...prof, MAIN];
  const proc = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.setEncoding('utf8');
  const [traffic, admin] = await new Promise((resolve, reject) => {
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const match = LISTENING.exec(out);
      if (match) {
        resolve([match[1], match[2]]);
      }
    });
    proc.once('exit', (code) => reject(new Error(`API exited (${code}) before listening:\n${out}`)));
  });
  return { proc, token, trafficUrl: `http://127.0.0.1:${traffic}`, adminUrl: `http://127.0.0.1:${admin}` };
}

function connectClient(adminUrl, token) {
  const socket = io(`${adminUrl}/live`, {
    auth: { token, protocolVersion: 1 },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('snapshot', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Wall-clock time in ms with sub-ms resolution, comparable between processes on this machine. */
const wallNow = () => performance.timeOrigin + performance.now();

/** Spawns this script in child `mode`, pinned to the load generator's core; resolves once it prints `ready`. */
async function child(mode, args) {
  const [cmd, ...rest] = [...clientPrefix(), process.execPath, fileURLToPath(import.meta.url), mode, ...args];
  const proc = spawn(cmd, rest, { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.setEncoding('utf8');
  const exited = new Promise((resolve, reject) =>
    proc.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`bench child ${mode} exited (${code}):\n${out.slice(0, 2000)}`)),
    ),
  );
  await new Promise((resolve, reject) => {
    proc.stdout.on('data', (chunk) => (out += chunk).includes('ready\n') && resolve());
    exited.catch(reject);
  });
  return {
    stop: () => timeExit(proc, 'SIGTERM'),
    /** Asks the child for its results (a line on stdin) and resolves with the JSON it prints before exiting. */
    result: () => {
      proc.stdin.end('report\n');
      return exited.then(() => JSON.parse(out.slice(out.indexOf('ready\n') + 6)));
    },
  };
}

const clientProcess = (api, count) => child('--clients', [api.adminUrl, api.token, String(count)]);

/**
 * Child mode: hold `count` live clients open until SIGTERM; on `report` (stdin), print when each client saw each
 * /demo/slow request listed and exit.
 */
async function runClients(adminUrl, token, count) {
  const sockets = await Promise.all(Array.from({ length: count }, () => connectClient(adminUrl, token)));
  process.once('SIGTERM', () => {
    sockets.forEach((socket) => socket.disconnect());
    process.exit(0);
  });
  // Per client: when each /demo/slow request first appeared in its in-flight list (wall clock, in order of
  // appearance); the API's start time of each (as the first client saw it); and how long each batch took from the
  // server's tick (`counters.at`) to the client.
  const seen = sockets.map(() => []);
  const started = [];
  const delivery = [];
  sockets.forEach((socket, i) =>
    socket.on('batch', (batch) => {
      const now = wallNow();
      delivery.push(now - Date.parse(batch.counters.at));
      for (const request of batch.added) {
        if (request.route === '/demo/slow') {
          seen[i].push(now);
          if (i === 0) {
            started.push(Date.parse(request.startedAt));
          }
        }
      }
    }),
  );
  process.stdin.once('data', () => {
    sockets.forEach((socket) => socket.disconnect());
    // stdout is a pipe (asynchronous): exit once the report is written.
    process.stdout.write(JSON.stringify({ seen, started, delivery }), () => process.exit(0));
  });
  process.stdout.write('ready\n');
}

/**
 * Child mode: for `seconds`, send probes (GET /demo/slow) at random moments (exponential gaps, at least 20 ms apart),
 * so their phase against the server's tick is uniform; print their send times (wall clock) and exit. A process of
 * its own: in the clients' process a probe would wait behind the handling of 100 clients' batches.
 */
async function runProbes(trafficUrl, seconds) {
  process.stdout.write('ready\n');
  const sent = [];
  const answers = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 20 - Math.log(1 - Math.random()) * 130));
    sent.push(wallNow());
    answers.push(fetch(`${trafficUrl}/demo/slow?ms=${PROBE_MS}`).then((res) => res.text()));
  }
  await Promise.all(answers);
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdout.write(JSON.stringify({ sent }), () => process.exit(0));
}

/** Busy and total clock ticks of core `core` so far (/proc/stat), to tell whether the load side was saturated. */
function coreTicks(core) {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`cpu${core} `));
  const fields = line.split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  return { busy: total - fields[3] - fields[4], total };
}

/**
 * One load round: requests per second, the API's CPU time per request (us), and how busy the load generator's
 * core was (if it was saturated, the load generator and not the API could be what limits the rate).
 */
async function round(api, seconds) {
  const cpuBefore = cpuMs(api.proc.pid);
  const coreBefore = PINNING ? coreTicks(PINNING.load) : null;
  const { rps, bad } = await loadRound(`${api.trafficUrl}/demo/fast`, {
    seconds,
    connections: BENCH.connections,
  });
  if (bad > 0) {
    throw new Error(`bench: ${bad} errors or non-2xx responses`);
  }
  const coreAfter = PINNING ? coreTicks(PINNING.load) : null;
  const loadCoreBusy = coreAfter
    ? (coreAfter.busy - coreBefore.busy) / (coreAfter.total - coreBefore.total)
    : NaN;
  return { rps, cpuUs: ((cpuMs(api.proc.pid) - cpuBefore) * 1000) / (rps * seconds), loadCoreBusy };
}

async function throughput(api) {
  const samples = { none: [], live: [] };
  await round(api, 1); // warm-up: JIT and sockets
  for (let i = 0; i < BENCH.rounds; i += 1) {
    // Alternate which goes first so drift (other load on the machine) hits both equally.
    for (const name of i % 2 === 0 ? ['none', 'live'] : ['live', 'none']) {
      const clients = name === 'live' ? await clientProcess(api, LIVE_CLIENTS) : null;
      samples[name].push(await round(api, BENCH.seconds));
      await clients?.stop();
    }
  }
  return samples;
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

async function latency(api) {
  const clients = await clientProcess(api, LIVE_CLIENTS);
  const load = loadRound(`${api.trafficUrl}/demo/fast`, {
    seconds: LATENCY_SECONDS + 3,
    connections: BENCH.connections,
  });
  await new Promise((resolve) => setTimeout(resolve, 1000)); // the load is on
  const prober = await child('--probes', [api.trafficUrl, String(LATENCY_SECONDS)]);
  const { sent } = await prober.result();
  // Every probe was in flight for PROBE_MS, so a tick listed it before it was answered; let the batches arrive.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const report = await clients.result();
  await load;
  // The k-th slow request a client sees is the k-th probe: two probes listed in the same batch arrive at the same
  // time, so which is which does not change the latencies.
  const { seen, started, delivery } = report;
  const latencies = [];
  let missed = 0;
  for (const times of seen) {
    sent.forEach((at, k) => (k < times.length ? latencies.push(times[k] - at) : (missed += 1)));
  }
  const reach = started.map((at, k) => at - sent[k]);
  for (const list of [latencies, delivery, reach]) {
    list.sort((a, b) => a - b);
  }
  return {
    probes: sent.length,
    missed,
    samples: latencies.length,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1),
    deliveryP50: quantile(delivery, 0.5),
    deliveryP99: quantile(delivery, 0.99),
    reachP50: quantile(reach, 0.5),
    reachP99: quantile(reach, 0.99),
  };
}

if (process.argv[2] === '--clients') {
  const [adminUrl, token, count] = process.argv.slice(3);
  await runClients(adminUrl, token, Number(count));
} else if (process.argv[2] === '--probes') {
  await runProbes(process.argv[3], Number(process.argv[4]));
} else {
  await main();
}

function printThroughput(samples) {
  const rps = (name) => samples[name].map((sample) => sample.rps);
  const cpu = (name) => median(samples[name].map((sample) => sample.cpuUs));
  const busy = (name) => median(samples[name].map((sample) => sample.loadCoreBusy * 100));
  const ratio = median(rps('live')) / median(rps('none'));
  console.log(`GET /demo/fast, ${BENCH.rounds} alternating rounds x ${BENCH.seconds} s: medians (spread)`);
  for (const [name, label] of [
    ['none', 'no live clients '],
    ['live', `${LIVE_CLIENTS} live clients`],
  ]) {
    console.log(
      `  ${label}  ${fmt(median(rps(name)), 0)} req/s (${spread(rps(name))})   API CPU ${fmt(cpu(name))} us/request   load core busy ${fmt(busy(name), 0)} %`,
    );
  }
  const cpuRatio = cpu('none') / cpu('live');
  if (Math.max(busy('none'), busy('live')) > 90) {
    console.log(
      `  WARNING: the load generator's core was saturated (other work on the machine?): req/s measured that core, not the API; the CPU per request ratio is the figure to read`,
    );
  }
  console.log(
    `  throughput ratio ${fmt(ratio, 3)} (target >= ${RATIO_TARGET}: ${verdict(ratio >= RATIO_TARGET)}); CPU per request ratio ${fmt(cpuRatio, 3)}; ${uptime()}`,
  );
  recordFigure({
    key: '1-throughput-9-live',
    label: `${LIVE_CLIENTS} live clients vs none: req/s ratio`,
    value: fmt(ratio, 3),
    target: `>= ${RATIO_TARGET}`,
    met: ratio >= RATIO_TARGET,
    detail: `CPU per request ratio ${fmt(cpuRatio, 3)}; load core busy ${fmt(busy('live'), 0)} %`,
  });
}

function printLatency(lat) {
  recordFigure({
    key: '1-throughput-9-live-latency',
    label: `request -> ${LIVE_CLIENTS} live clients: p99`,
    value: `${fmt(lat.p99)} ms`,
    target: `<= ${P99_TARGET_MS} ms`,
    met: lat.p99 <= P99_TARGET_MS && lat.missed === 0,
    detail: `p50 ${fmt(lat.p50)} ms; batch tick ${LIVE_BATCH_INTERVAL_MS} ms`,
  });
  // A probe is listed by the first tick after it starts: with a uniform phase, the wait alone is uniform over
  // [0, LIVE_BATCH_INTERVAL_MS), so p99 cannot be below about 0.99 of the interval.
  console.log(
    `batch tick every ${LIVE_BATCH_INTERVAL_MS} ms (the contract's rate): the wait for the next tick alone has p50 ${fmt(LIVE_BATCH_INTERVAL_MS / 2, 0)} ms, p99 ${fmt(LIVE_BATCH_INTERVAL_MS * 0.99, 0)} ms`,
  );
  console.log(
    `request sent -> listed at each of ${LIVE_CLIENTS} live clients, under the same load, ${lat.probes} probes at random moments (${lat.samples} samples, ${lat.missed} not seen):`,
  );
  console.log(
    `  p50 ${fmt(lat.p50)} ms   p99 ${fmt(lat.p99)} ms   max ${fmt(lat.max)} ms (target p99 <= ${P99_TARGET_MS} ms: ${verdict(lat.p99 <= P99_TARGET_MS && lat.missed === 0)})`,
  );
  console.log(
    `  parts (wall clock): request sent -> its start in the API p50 ${fmt(lat.reachP50)} ms, p99 ${fmt(lat.reachP99)} ms; server tick -> client p50 ${fmt(lat.deliveryP50)} ms, p99 ${fmt(lat.deliveryP99)} ms; ${uptime()}`,
  );
}

async function main() {
  console.log(
    `${uptime()}; load: ${LOAD_TOOL} -t1 -c${BENCH.connections}; ${PINNING ? `API on core ${PINNING.server}, load generator and live clients on core ${PINNING.load}` : 'no pinning (one core or no taskset)'}`,
  );
  const api = await startApi();
  try {
    // BENCH_ROUNDS=0 measures the latency only.
    if (BENCH.rounds > 0) {
      printThroughput(await throughput(api));
    }
    printLatency(await latency(api));
  } finally {
    await timeExit(api.proc, 'SIGTERM');
  }
}
