import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

import { pollUntil } from '@drainboard/test-support';

import { API_MAIN } from './api-process.js';

const LISTENING = /drainboard: listening traffic=(\d+) admin=(\d+)/;

/** The built API as a bare child process: nothing waited for, so a test can signal it at any moment of boot. */
export interface RawApi {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The admin URL once the listening line is out, else null. */
  adminUrl(): string | null;
  /** Resolves with the admin URL once the API listens (rejects if it exits first). */
  listening(timeoutMs?: number): Promise<string>;
}

const started = new Set<ChildProcess>();

/** Spawns `node dist/main.js` with `env` on ephemeral ports, stdout and stderr captured. */
export function spawnApi(env: Record<string, string>): RawApi {
  const proc = spawn(process.execPath, [API_MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      ADMIN_PORT: '0',
      DEMO_JOB_INTERVAL_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(proc);
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => {
      started.delete(proc);
      resolve({ code, signal });
    }),
  );
  const adminUrl = (): string | null => {
    const match = LISTENING.exec(out);
    return match ? `http://127.0.0.1:${match[2]}` : null;
  };
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    adminUrl,
    listening: (timeoutMs = 60_000) =>
      pollUntil(
        () => {
          const url = adminUrl();
          if (url) {
            return url;
          }
          if (ended) {
            throw new Error(`the API exited before listening:\n${out}\n${err}`);
          }
          return null;
        },
        { timeoutMs, intervalMs: 20, description: 'the API listening' },
      ),
  };
}

/** SIGKILLs every API this module started that still runs (for afterAll). */
export async function killRawApis(): Promise<void> {
  const exits = [...started].map((proc) => new Promise((resolve) => proc.once('exit', resolve)));
  for (const proc of started) {
    proc.kill('SIGKILL');
  }
  await Promise.all(exits);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Pids of the processes whose command line mentions `path` (Postgres, initdb and their children). */
export function processesUsing(path: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) {
      continue;
    }
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.split('\0').some((arg) => arg.includes(path))) {
        pids.push(Number(entry));
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}
