// Helpers shared by the bench scripts: start a fixture process, time its exit, medians.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const LISTENING = /bench: listening port=(\d+)|drainboard: listening traffic=(\d+)/;

/**
 * Spawns `node <args>` (behind `prefix`, e.g. `taskset -c 1`, which execs node in the same PID) and resolves with
 * the process and its port once it prints its listening line.
 */
export async function startFixture(args, env = {}, prefix = []) {
  const [cmd, ...rest] = [...prefix, process.execPath, ...args];
  const proc = spawn(cmd, rest, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  let out = '';
  proc.stdout.setEncoding('utf8');
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`fixture ${args.join(' ')} did not start:\n${out}`));
    }, 30_000);
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const match = LISTENING.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1] ?? match[2]));
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fixture exited (${code}) before listening:\n${out}`));
    });
  });
  return { proc, port };
}

/** Sends `signal` to this process only and resolves with the milliseconds until it exited, and how. */
export async function timeExit(proc, signal = 'SIGTERM') {
  const exited = once(proc, 'exit');
  const sent = performance.now();
  proc.kill(signal);
  const [code, sig] = await exited;
  return { ms: performance.now() - sent, code, signal: sig };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const fmt = (n, digits = 1) => n.toFixed(digits);
