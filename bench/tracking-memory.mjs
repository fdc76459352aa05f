// The drain library's own memory per in-flight request, with and without it, side by side in one run:
// BENCH_MEMORY_N (10,000) concurrent slow requests (`GET /demo/slow`, one connection each) held open on the demo
// workload (bench/apps/demo-app.mjs) in plain Nest (`enableShutdownHooks()`), with the library, and with the
// library handing the handler its AbortSignal (as the product does), in rotating rounds. The server is probed from inside (bench/probe/probe.mjs): garbage is collected before each reading, so
// the heap figure is what the requests hold; RSS is printed beside it (noisier: allocator, sockets, buffers).
// At the end, a SIGTERM to the library's server with all of them in flight: every one must be answered (tracked
// and drained) and the exit code be 0.
// Needs the API built: `npx nx run-many -t build`. Not part of the tests: figures depend on the machine's load.
import { once } from 'node:events';
import http from 'node:http';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

import { rssBytes, serverPrefix, spread } from './load.mjs';
import { fireReceived, startProbed } from './probe/probed-server.mjs';
import { fire, fmt, median, recordFigure, verdict } from './support.mjs';

const N = Number(process.env.BENCH_MEMORY_N ?? 10_000);
const ROUNDS = Number(process.env.BENCH_MEMORY_ROUNDS ?? 3);
/** Long enough for every request to be in and measured; the drain then waits for them. */
const SLOW_MS = Number(process.env.BENCH_MEMORY_SLOW_MS ?? 12_000);
const TARGET_BYTES = 300;
const APP = fileURLToPath(new URL('./apps/demo-app.mjs', import.meta.url));
/** Above SLOW_MS: the drain waits for every request. */
const DEADLINE = `--deadline-ms=${SLOW_MS + 18_000}`;

const SERVERS = {
  plain: { label: 'plain Nest (enableShutdownHooks)', args: [APP, 'plain'] },
  drain: { label: 'with the drain library', args: [APP, 'drain', DEADLINE] },
  signal: { label: '  + the handler takes its AbortSignal', args: [APP, 'drain-signal', DEADLINE] },
};
const NAMES = Object.keys(SERVERS);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

const samples = Object.fromEntries(NAMES.map((name) => [name, []]));
let drained = null;
for (let i = 0; i < ROUNDS; i += 1) {
  // Rotate the order every round so drift hits every mode alike.
  const order = NAMES.map((_, k) => NAMES[(k + i) % NAMES.length]);
  for (const name of order) {
    // The last round of the product's configuration (AbortSignal taken) is drained with a SIGTERM.
    const last = name === 'signal' && i === ROUNDS - 1;
    const result = await round(name, { drainAll: last });
    samples[name].push(result);
    drained = last ? result.drained : drained;
  }
}

const heap = (name) => samples[name].map((s) => s.heapPerRequest);
const rss = (name) => samples[name].map((s) => s.rssPerRequest);
/** Median of the per-round differences with plain Nest: drift between rounds stays out of it. */
const over = (name) => samples[name].map((s, i) => s.heapPerRequest - samples.plain[i].heapPerRequest);
console.log(
  `${N} concurrent slow requests (GET /demo/slow), one connection each; ${ROUNDS} rotating rounds; bytes per request ` +
    `in flight, median (spread); heap after GC, RSS beside it; load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
);
for (const name of NAMES) {
  const extra =
    name === 'plain'
      ? ''
      : `   over plain ${fmt(median(over(name)), 0).padStart(5)} B (${spread(over(name))})`;
  console.log(
    `  ${SERVERS[name].label.padEnd(38)} heap ${fmt(median(heap(name)), 0).padStart(6)} B (${spread(heap(name))})` +
      `   RSS ${fmt(median(rss(name)), 0).padStart(6)} B (${spread(rss(name))})${extra}`,
  );
}
const share = median(over('drain'));
console.log(
  `  the library's own share (tracking)   ${fmt(share, 0)} B/request, with/without ratio ` +
    `${fmt(median(heap('drain')) / median(heap('plain')), 3)}   target <= ${TARGET_BYTES} B: ${verdict(share <= TARGET_BYTES)}`,
);
console.log(
  `  the request's AbortSignal, when the handler takes it: ${fmt(median(over('signal')) - share, 0)} B more ` +
    '(an AbortController and its signal, built by Node; created only for handlers that ask)',
);
console.log(
  `  tracked and drained at SIGTERM       ${drained.ok} of ${N}, exit ${drained.code}   target ${N} of ${N}, exit 0: ` +
    verdict(drained.ok === N && drained.code === 0),
);
recordFigure({
  key: '5-library-share',
  label: "the library's own memory per in-flight request",
  value: `${fmt(share, 0)} B`,
  target: `<= ${TARGET_BYTES} B`,
  met: share <= TARGET_BYTES,
  detail: `heap after GC, ${N} in flight, with/without the library, median of ${ROUNDS} rounds`,
});
