import { appendFile, mkdir, open, readFile, truncate } from 'node:fs/promises';
import path from 'node:path';

import type { DrainRun } from '@drainboard/contracts';

/** File name of the spool under `DATA_DIR`. */
export const SPOOL_FILE_NAME = 'runs-spool.jsonl';
/** Runs Postgres refused for good at replay (not a connection problem): kept here for an operator, never retried. */
export const REJECTED_FILE_NAME = 'runs-spool.rejected.jsonl';

/** One spooled copy of a run and when it was written to the spool. */
export interface SpooledRun {
  run: DrainRun;
  /** ISO time the copy reached the spool (null for lines written before this field existed). */
  spooledAt: string | null;
}

/** What a replay did: runs written, runs kept for a later boot, runs set aside as refused, unreadable lines. */
export interface SpoolReplay {
  replayed: number;
  failed: number;
  rejected: number;
  unreadable: number;
}

/** Thrown by a replay writer for a run Postgres will never take (bad data, not a connection problem). */
export class RunRejectedError extends Error {}

function isRun(value: unknown): value is DrainRun {
  const run = value as Partial<DrainRun> | null;
  return typeof run?.id === 'string' && typeof run.startedAt === 'string' && Array.isArray(run.stages);
}

function parseLine(line: string): SpooledRun | null {
  try {
    const value = JSON.parse(line) as { run?: unknown; spooledAt?: unknown };
    if (isRun(value.run)) {
      return { run: value.run, spooledAt: typeof value.spooledAt === 'string' ? value.spooledAt : null };
    }
    // Lines written before the envelope: the run itself.
    return isRun(value) ? { run: value, spooledAt: null } : null;
  } catch {
    return null;
  }
}

/**
 * Append-only JSON-lines file of runs that could not be written to Postgres. Every append is fsync'ed before
 * it resolves (and rejects when the file cannot be written); the file is replayed and truncated on the next
 * boot. A run may be appended several times as it goes on (persist, then exit): the last copy wins.
 */
export class RunSpool {
  readonly file: string;
  readonly rejectedFile: string;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.resolve(dataDir, SPOOL_FILE_NAME);
    this.rejectedFile = path.resolve(dataDir, REJECTED_FILE_NAME);
  }

  /** Appends one copy of `run` and flushes it to disk; resolves with the time it was written. */
  append(run: DrainRun): Promise<string> {
    return this.serial(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const spooledAt = new Date().toISOString();
      const handle = await open(this.file, 'a');
      try {
        await handle.write(`${JSON.stringify({ spooledAt, run })}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return spooledAt;
    });
  }

  /**
   * Writes every spooled run with `write` (last copy of each id wins), then empties the spool if none is left
   * for later. A run `write` rejects with `RunRejectedError` moves to the rejected file; any other failure
   * keeps the spool for the next boot. Appends wait meanwhile, so none is lost to the truncation.
   */
  replay(write: (entry: SpooledRun) => Promise<void>): Promise<SpoolReplay> {
    return this.serial(async () => {
      const { entries, unreadable } = await this.read();
      let failed = 0;
      let rejected = 0;
      for (const entry of entries) {
        try {
          await write(entry);
        } catch (error) {
          if (!(error instanceof RunRejectedError)) {
            failed++;
            continue;
          }
          rejected++;
          await appendFile(this.rejectedFile, `${JSON.stringify({ ...entry, error: error.message })}\n`);
        }
      }
      if (entries.length + unreadable > 0 && failed === 0) {
        await truncate(this.file, 0);
      }
      return { replayed: entries.length - failed - rejected, failed, rejected, unreadable };
    });
  }

  private async read(): Promise<{ entries: SpooledRun[]; unreadable: number }> {
    const text = await readFile(this.file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') {
        return '';
      }
      throw e;
    });
    const byId = new Map<string, SpooledRun>();
    let unreadable = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) {
        continue;
      }
      const entry = parseLine(line);
      if (entry) {
        // Keep the first time the run reached the spool: that is when it was saved.
        const first = byId.get(entry.run.id)?.spooledAt ?? entry.spooledAt;
        byId.set(entry.run.id, { run: entry.run, spooledAt: first });
      } else {
        unreadable++;
      }
    }
    return { entries: [...byId.values()], unreadable };
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
