import { createHash } from 'node:crypto';
import { mkdir, realpath, stat, unlink } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** What the owner of a `DATA_DIR` tells a process that tries to take it. */
export interface DataDirOwner {
  pid: number;
  instanceId: string;
  startedAt: string;
  dataDir: string;
}

/** Raised when another live process owns the `DATA_DIR`; nothing of that process was touched. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: DataDirOwner | null,
  ) {
    const who = owner
      ? `Drainboard pid ${owner.pid} (instance ${owner.instanceId}, since ${owner.startedAt})`
      : 'another Drainboard process';
    super(
      `DATA_DIR ${dataDir} is already in use by ${who}; each instance needs a DATA_DIR of its own (set DATA_DIR)`,
    );
    this.name = 'DataDirInUseError';
  }
}

/** Held for the life of the process: other processes cannot take the same `DATA_DIR` until it is released. */
export interface DataDirLock {
  /** The directory's real path (symlinks resolved). */
  readonly dataDir: string;
  release(): Promise<void>;
}

const ANSWER_TIMEOUT_MS = 1_000;

/**
 * The lock's name: the directory's device and inode, so every path to it (symlinks, bind mounts, `..`) maps to
 * the same lock. On Linux it is an abstract socket: the kernel frees it when the process dies, kill -9
 * included, so there is never a stale lock to guess about. Elsewhere a socket file in the temp directory.
 */
async function lockAddress(dir: string): Promise<{ address: string; file: string | null }> {
  const { dev, ino } = await stat(dir, { bigint: true });
  const key = createHash('sha256').update(`${dev}:${ino}`).digest('hex').slice(0, 32);
  if (process.platform === 'linux') {
    return { address: `\0drainboard-data-dir-${key}`, file: null };
  }
  const file = path.join(os.tmpdir(), `drainboard-data-dir-${key}.sock`);
  return { address: file, file };
}

function listen(server: Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Asks the owner who it is; null when it does not answer (a stale socket file, or it is busy). */
function askOwner(address: string): Promise<DataDirOwner | null> {
  return new Promise((resolve) => {
    let text = '';
    const socket = connect(address);
    const done = (owner: DataDirOwner | null): void => {
      socket.destroy();
      resolve(owner);
    };
    socket.setTimeout(ANSWER_TIMEOUT_MS, () => done(null));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('end', () => {
      try {
        done(JSON.parse(text) as DataDirOwner);
      } catch {
        done(null);
      }
    });
    socket.on('error', () => done(null));
  });
}

/**
 * Makes this process the only owner of `dataDir` (created if missing), before anything in it is read or
 * written. A second process on the same directory gets `DataDirInUseError` and touches nothing of the first.
 */
export async function acquireDataDirLock(dataDir: string, who: { instanceId: string }): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const real = await realpath(dataDir);
  const { address, file } = await lockAddress(real);
  const owner: DataDirOwner = {
    pid: process.pid,
    instanceId: who.instanceId,
    startedAt: new Date().toISOString(),
    dataDir: real,
  };
  const answer = JSON.stringify(owner);
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.end(answer);
  });
  try {
    await listen(server, address);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
      throw error;
    }
    const current = await askOwner(address);
    // A socket file nobody answers on is what a killed owner left (non-Linux only): take it over once.
    if (current || !file) {
      throw new DataDirInUseError(real, current);
    }
    await unlink(file).catch(() => undefined);
    await listen(server, address).catch(() => {
      throw new DataDirInUseError(real, null);
    });
  }
  // The lock never keeps the process alive; it lasts until the process exits.
  server.unref();
  let released: Promise<void> | undefined;
  return {
    dataDir: real,
    release: () =>
      (released ??= new Promise<void>((resolve) => server.close(() => resolve())).then(async () => {
        if (file) {
          await unlink(file).catch(() => undefined);
        }
      })),
  };
}
