// Starts a bench server (or the built API) with bench/probe/probe.mjs preloaded (and `--expose-gc`): its port, memory readings over
// IPC, and what the probe printed at exit (the process's own exit time and its last response, on the monotonic
// clock process.hrtime shares with this process). Used by the library's benches; not a bench itself.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

import { loadRound } from '../load.mjs';
import { fire, msBetween } from '../support.mjs';

const PROBE = fileURLToPath(new URL('./probe.mjs', import.meta.url));
const LISTENING = /bench: listening port=(\d+)|drainboard: listening traffic=(\d+)/;
const EXIT_LINE = /probe: exit at=(\d+) lastFinish=(\d+)/;

/** Spawns `node --expose-gc --import probe.mjs <args>` behind `prefix` (e.g. `taskset -c 1`). */
export async function startProbed(args, env = {}, prefix = []) {
  const [cmd, ...rest] = [...prefix, process.execPath, '--expose-gc', '--import', PROBE, ...args];
  const proc = spawn(cmd, rest, {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  let out = '';
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk) => (out += chunk));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`server ${args.join(' ')} did not start:\n${out}`));
    }, 30_000);
    const onData = () => {
      const match = LISTENING.exec(out);
      if (match) {
        clearTimeout(timer);
        proc.stdout.off('data', onData);
        proc.off('exit', onExit);
        resolve(Number(match[1] ?? match[2]));
      }
    };
    const onExit = (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${out}`));
    };
    proc.stdout.on('data', onData);
    proc.once('exit', onExit);
  });
  const closed = once(proc, 'close');
  const ask = (question, answer) =>
    new Promise((resolve) => {
      const onMessage = (message) => {
        if (message?.type === answer) {
          proc.off('message', onMessage);
          resolve(message);
        }
      };
      proc.on('message', onMessage);
      proc.send(question);
    });
  return {
    proc,
    port,
    /** Heap, external and RSS after two forced collections, and the requests received and finished so far. */
    measure() {
      return ask('measure', 'memory');
    },
    /** CPU time used so far (µs), requests received and responses finished (no collection). */
    counts() {
      return ask('cpu', 'cpu');
    },
    /** After the process exited: its own exit time and its last finished response (hrtime ns), if it printed them. */
    async exitReport() {
      await closed;
      const match = EXIT_LINE.exec(out);
      return match ? { exitAt: BigInt(match[1]), lastFinish: BigInt(match[2]) } : null;
    },
    /** Kills the process if it still runs (SIGKILL) and waits for it. */
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
      }
      await closed;
    },
  };
}

/**
 * Fires `n` requests of `path` in batches of `batch` connections, each batch once the server has received the
 * previous one (the accept queue holds 511: a burst of thousands would wait on SYN retransmissions). Resolves
 * once the server has received all `n`, with the combined result and a promise of every answer.
 */
export async function fireReceived(server, n, path, { batch = 500, timeoutMs = 20_000 } = {}) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const { received: base } = await server.counts();
  const result = { ok: 0, failed: 0, lastEnd: 0n };
  const answers = [];
  const deadline = Date.now() + timeoutMs;
  for (let sent = 0; sent < n;) {
    const size = Math.min(batch, n - sent);
    const part = fire(server.port, size, path, agent);
    answers.push(
      part.settled.then(() => {
        result.ok += part.result.ok;
        result.failed += part.result.failed;
        result.lastEnd = part.result.lastEnd > result.lastEnd ? part.result.lastEnd : result.lastEnd;
      }),
    );
    sent += size;
    for (;;) {
      const { received } = await server.counts();
      if (received - base >= sent) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`only ${received - base} of ${sent} requests reached the server in ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return { result, settled: Promise.all(answers), agent };
}

/**
 * SIGTERM to `server` with `n` requests of `path` in flight (every one received first): how many were answered,
 * the exit code, and the last response -> exit inside the server (its last response handed to the OS -> its
 * `exit` event; null when it printed none) and as this process saw it (its last response read -> the child's exit
 * event, after the kernel freed the process; the client lags under load).
 */
export async function stopUnderLoad(server, n, path) {
  const { agent, ...load } = await fireReceived(server, n, path);
  const exited = once(server.proc, 'exit');
  server.proc.kill('SIGTERM');
  const [code, signal] = await exited;
  const seenExit = process.hrtime.bigint();
  await load.settled;
  agent.destroy();
  const report = await server.exitReport();
  return {
    ok: load.result.ok,
    code: code ?? signal,
    inside: report ? msBetween(report.lastFinish, report.exitAt) : null,
    seen: msBetween(load.result.lastEnd, seenExit),
  };
}

/**
 * SIGTERM to `server` with nothing in flight and `sockets` keep-alive sockets, each used once, then left idle
 * `idleMs`: the exit code, and SIGTERM -> exit inside the server (its `exit` event) and as this process saw it.
 */
export async function stopIdle(server, sockets, idleMs = 0) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  await fire(server.port, sockets, '/demo/fast', agent).settled;
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const exited = once(server.proc, 'exit');
  const sent = process.hrtime.bigint();
  server.proc.kill('SIGTERM');
  const [code, signal] = await exited;
  const seen = process.hrtime.bigint();
  agent.destroy();
  const report = await server.exitReport();
  return {
    code: code ?? signal,
    inside: report ? msBetween(sent, report.exitAt) : null,
    seen: msBetween(sent, seen),
  };
}

/**
 * One load round of `GET path` against `server`: req/s as the load generator saw it and the server's own CPU µs per
 * response it finished meanwhile. Throws when a response failed (a round with errors measures nothing).
 */
export async function probedRound(server, { seconds, connections, path = '/demo/fast' }) {
  const before = await server.counts();
  const { rps, bad } = await loadRound(`http://127.0.0.1:${server.port}${path}`, { seconds, connections });
  const after = await server.counts();
  if (bad > 0) {
    throw new Error(`${bad} failed responses during the load round on port ${server.port}`);
  }
  return { rps, cpu: (after.cpuMicros - before.cpuMicros) / (after.finished - before.finished) };
}
