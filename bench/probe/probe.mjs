// Preloaded into a bench server (`node --expose-gc --import ./bench/probe/probe.mjs <app>`), so the app itself is
// unchanged and the same probe sits in every server compared:
// - counts requests received and responses finished (Node's `http.server.*` diagnostics channels);
// - on the IPC message `cpu`: answers with the CPU time used so far (user + system, µs), requests received and responses finished;
// - on the IPC message `measure`: collects garbage and answers with the heap, external memory and RSS;
// - at exit: prints `probe: exit at=<ns> lastFinish=<ns>` on stdout (a pipe: written synchronously), on the
//   monotonic clock that process.hrtime shares with the bench process on Linux.
import { subscribe } from 'node:diagnostics_channel';

let received = 0;
let finished = 0;
let lastFinish = 0n;

subscribe('http.server.request.start', () => {
  received += 1;
});
subscribe('http.server.response.finish', () => {
  finished += 1;
  lastFinish = process.hrtime.bigint();
});

process.on('exit', () => {
  process.stdout.write(`probe: exit at=${process.hrtime.bigint()} lastFinish=${lastFinish}\n`);
});

if (process.send) {
  process.on('message', (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send({ type: 'cpu', cpuMicros: user + system, received, finished });
      return;
    }
    if (message !== 'measure') {
      return;
    }
    // Two passes: the first may only finalize what the second frees.
    globalThis.gc?.();
    globalThis.gc?.();
    const { heapUsed, external, rss } = process.memoryUsage();
    process.send({ type: 'memory', heapUsed, external, rss, received, finished, gc: Boolean(globalThis.gc) });
  });
  // The IPC channel must not keep the process alive: exit timing is what the server itself decides.
  process.channel?.unref();
}
