import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The built API entry point: tests run exactly what `node apps/api/dist/main.js` runs in production. */
export const API_MAIN = resolve(__dirname, '../../dist/main.js');

const LISTENING = /drainboard: listening traffic=(\d+) admin=(\d+)/;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 60_000;

/** How the child process ended; `ms` is the time from the stop signal to the exit. */
export interface ApiExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
}

/** A running API child process. */
export interface ApiProcess {
  proc: ChildProcess;
  trafficUrl: string;
  adminUrl: string;
  /** The admin token (the one given in `env.ADMIN_TOKEN`, else a random one). */
  token: string;
  /** Everything the process printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited, whatever ended it. */
  exited: Promise<Omit<ApiExit, 'ms'>>;
  /** Sends `signal` (default SIGTERM) to this process only and waits for it to exit (SIGKILL after 60 s). */
  stop(signal?: NodeJS.Signals): Promise<ApiExit>;
}

/** Options of `startApi`. */
export interface StartApiOptions {
  /** Extra environment; PORT and ADMIN_PORT are 0 and HOST 127.0.0.1 unless given. */
  env?: Record<string, string>;
}

const running = new Set<ChildProcess>();

/**
 * Spawns the built API (`dist/main.js`) on ephemeral ports and resolves once it prints its listening line.
 * `DATA_DIR` is a fresh temporary directory (removed on exit) unless given. Without `DATABASE_URL` in `env`
 * or the test's environment, the API starts embedded Postgres there (slow: prefer a database from
 * `test/support/postgres.ts`).
 */
export async function startApi(opts: StartApiOptions = {}): Promise<ApiProcess> {
  const token = opts.env?.ADMIN_TOKEN ?? randomBytes(18).toString('base64url');
  // A data directory of its own (embedded Postgres, spool file), so runs never mix with the repo's .data/.
  const dataDir = opts.env?.DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'drainboard-api-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    ADMIN_PORT: '0',
    ...(dataDir ? { DATA_DIR: dataDir } : {}),
    ...opts.env,
    ADMIN_TOKEN: token,
  };
  const proc = spawn(process.execPath, [API_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  let exitedAt = 0;
  const exited = new Promise<Omit<ApiExit, 'ms'>>((resolveExit) => {
    proc.once('exit', (code, signal) => {
      exitedAt = performance.now();
      running.delete(proc);
      if (dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
      }
      resolveExit({ code, signal });
    });
  });
  const ports = await waitForListening(
    proc,
    exited,
    () => out,
    () => err,
  );
  const host = env.HOST!.includes(':') ? `[${env.HOST}]` : env.HOST!;
  return {
    proc,
    trafficUrl: `http://${host}:${ports.traffic}`,
    adminUrl: `http://${host}:${ports.admin}`,
    token,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        return { ...(await exited), ms: 0 };
      }
      const sentAt = performance.now();
      proc.kill(signal);
      const killer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const result = await exited;
      clearTimeout(killer);
      return { ...result, ms: exitedAt - sentAt };
    },
  };
}

function waitForListening(
  proc: ChildProcess,
  exited: Promise<Omit<ApiExit, 'ms'>>,
  stdout: () => string,
  stderr: () => string,
): Promise<{ traffic: number; admin: number }> {
  return new Promise((resolvePorts, reject) => {
    const output = (): string => `\n--- stdout ---\n${stdout()}\n--- stderr ---\n${stderr()}`;
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`API did not start within ${START_TIMEOUT_MS} ms${output()}`));
    }, START_TIMEOUT_MS);
    const onData = (): void => {
      const match = LISTENING.exec(stdout());
      if (!match) {
        return;
      }
      clearTimeout(timer);
      proc.stdout!.off('data', onData);
      resolvePorts({ traffic: Number(match[1]), admin: Number(match[2]) });
    };
    proc.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`API exited before listening (code ${code}, signal ${signal})${output()}`));
    });
  });
}

/** SIGKILLs every API process started by this module that is still running (for `afterAll`). */
export async function killStartedApis(): Promise<void> {
  const exits = [...running].map(
    (proc) =>
      new Promise<void>((done) => (proc.exitCode !== null ? done() : proc.once('exit', () => done()))),
  );
  for (const proc of running) {
    proc.kill('SIGKILL');
  }
  await Promise.all(exits);
}
