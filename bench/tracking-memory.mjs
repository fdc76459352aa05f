// The drain library's own memory per in-flight request, with and without it, side by side in one run:
// BENCH_MEMORY_N (10,000) concurrent slow requests (`GET /demo/slow`, one connection each) held open on the bench
// demo app (bench/apps/demo-app.mjs), plain Nest (`enableShutdownHooks()`) and with the library, in alternating
// rounds. The server is probed from inside (bench/probe/probe.mjs): garbage is collected before each reading, so
// the heap figure is what the requests hold; RSS is printed beside it (noisier: allocator, sockets, buffers).
// At the end, a SIGTERM to the library's server with all of them in flight: every one must be answered (tracked
// and drained) and the exit code be 0.
// Needs the API built: `npx nx run-many -t build`. Not part of the tests: figures depend on the machine's load.
import { once } from 'node:events';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

import { rssBytes, serverPrefix, spread } from './load.mjs';
import { fire, fireReceived, startProbed } from './probe/probed-server.mjs';
import { fmt, median } from './support.mjs';

const N = Number(process.env.BENCH_MEMORY_N ?? 10_000);
const ROUNDS = Number(process.env.BENCH_MEMORY_ROUNDS ?? 3);
/** Long enough for every request to be in and measured; the drain then waits for them. */
const SLOW_MS = Number(process.env.BENCH_MEMORY_SLOW_MS ?? 12_000);
const TARGET_BYTES = 300;
const DEMO_APP = fileURLToPath(new URL('./apps/demo-app.mjs', import.meta.url));

const SERVERS = {
  plain: { label: 'plain Nest (enableShutdownHooks)', args: [DEMO_APP] },
  drain: { label: 'with the drain library', args: [DEMO_APP, '--drain'] },
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const verdict = (ok) => (ok ? 'met' : 'MISSED');

/** One round: memory at rest, then with `N` slow requests received; `drainAll` then sends SIGTERM. */
async function round(name, { drainAll = false } = {}) {
  const server = await startProbed(SERVERS[name].args, {}, serverPrefix());
  try {
    // Warm every code path once (first request, first slow request), then the reading at rest.
    const warmAgent = new http.Agent({ keepAlive: false });
    await fire(server.port, 8, '/demo/slow?ms=1', warmAgent).settled;
    warmAgent.destroy();
    await sleep(200);
    const before = await server.measure();
    const rssBefore = rssBytes(server.proc.pid);
    const load = await fireReceived(server, N, `/demo/slow?ms=${SLOW_MS}`, { timeoutMs: SLOW_MS / 2 });
    const during = await server.measure();
    const rssDuring = rssBytes(server.proc.pid);
    const heapPerRequest = (during.heapUsed + during.external - before.heapUsed - before.external) / N;
    const rssPerRequest = (rssDuring - rssBefore) / N;
    let drained = null;
    if (drainAll) {
      const exited = once(server.proc, 'exit');
      server.proc.kill('SIGTERM');
      const [code, signal] = await exited;
      await load.settled;
      drained = { ok: load.result.ok, code: code ?? signal };
    }
    load.agent.destroy();
    return { heapPerRequest, rssPerRequest, drained };
  } finally {
    await server.stop();
  }
}

const samples = { plain: [], drain: [] };
let drained = null;
for (let i = 0; i < ROUNDS; i += 1) {
  const order = i % 2 === 0 ? ['plain', 'drain'] : ['drain', 'plain'];
  for (const name of order) {
    const last = name === 'drain' && i === ROUNDS - 1;
    const result = await round(name, { drainAll: last });
    samples[name].push(result);
    drained = last ? result.drained : drained;
  }
}

const heap = (name) => samples[name].map((s) => s.heapPerRequest);
const rss = (name) => samples[name].map((s) => s.rssPerRequest);
console.log(
  `${N} concurrent slow requests, one connection each; ${ROUNDS} alternating rounds: median bytes per request in flight (spread)`,
);
for (const name of ['plain', 'drain']) {
  console.log(
    `  ${SERVERS[name].label.padEnd(34)} heap ${fmt(median(heap(name)), 0).padStart(6)} B (${spread(heap(name))})` +
      `   RSS ${fmt(median(rss(name)), 0).padStart(6)} B (${spread(rss(name))})`,
  );
}
// Paired by round, so drift between rounds does not enter the difference.
const shares = samples.drain.map((s, i) => s.heapPerRequest - samples.plain[i].heapPerRequest);
const share = median(shares);
console.log(
  `  the library's own share (heap)     ${fmt(share, 0).padStart(6)} B (${spread(shares)})   ratio with/without ` +
    `${fmt(median(heap('drain')) / median(heap('plain')), 3)}   target <= ${TARGET_BYTES} B: ${verdict(share <= TARGET_BYTES)}`,
);
console.log(
  `  tracked and drained at SIGTERM     ${drained.ok} of ${N}, exit ${drained.code}   target ${N} of ${N}, exit 0: ` +
    verdict(drained.ok === N && drained.code === 0),
);
