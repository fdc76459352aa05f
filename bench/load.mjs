// Load generation and process measurement for the bench scripts (not a bench itself: run.mjs skips it).
// The load generator is wrk when installed (`apt-get install wrk`): one C thread, far cheaper per request than
// a Node client, pinned with taskset to a core the servers do not use, so the server is what saturates.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

import autocannon from 'autocannon';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Cores: the load generator on the first, servers on the second, when the machine has two and taskset exists. */
export const PINNING = availableParallelism() >= 2 && has('taskset') ? { load: '0', server: '1' } : null;
export const LOAD_TOOL = has('wrk') ? 'wrk' : 'autocannon';

/** The command prefix that pins a server process (empty when pinning is not possible). */
export function serverPrefix() {
  return PINNING ? ['taskset', '-c', PINNING.server] : [];
}

/** One load round against `url`: requests per second, and how many responses were errors or not 2xx. */
export async function loadRound(url, { seconds, connections }) {
  if (LOAD_TOOL === 'autocannon') {
    const result = await autocannon({ url, connections, duration: seconds });
    return { rps: result.requests.average, bad: result.non2xx + result.errors };
  }
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, url];
  const cmd = PINNING ? 'taskset' : 'wrk';
  const out = await run(cmd, PINNING ? ['-c', PINNING.load, 'wrk', ...args] : args);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  if (!Number.isFinite(rps)) {
    throw new Error(`wrk printed no rate:\n${out}`);
  }
  return { rps, bad: non2xx + socketErrors };
}

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
    proc.once('error', reject);
    proc.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}:\n${out}`)),
    );
  });
}

/** Resident set size of process `pid` in bytes (Linux /proc). */
export function rssBytes(pid) {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

/** CPU time (user + system) process `pid` has used, in milliseconds (Linux /proc, clock ticks of 10 ms). */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** min..max of a sample, as the spread printed beside a median. */
export function spread(values, digits = 0) {
  return `${Math.min(...values).toFixed(digits)}..${Math.max(...values).toFixed(digits)}`;
}
