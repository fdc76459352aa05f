import { mkdir, open, readFile, truncate } from 'node:fs/promises';
import path from 'node:path';
import type { DrainRun } from '@drainboard/contracts';

/** File name of the spool under `DATA_DIR`. */
export const SPOOL_FILE_NAME = 'runs-spool.jsonl';

/** What a replay did: runs written, runs that failed (the spool is then kept), lines that could not be read. */
export interface SpoolReplay {
  replayed: number;
  failed: number;
  unreadable: number;
}

function isRun(value: unknown): value is DrainRun {
  const run = value as Partial<DrainRun> | null;
  return typeof run?.id === 'string' && typeof run.startedAt === 'string' && Array.isArray(run.stages);
}

/**
 * Append-only JSON-lines file of runs that could not be written to Postgres. Every append is fsync'ed before
 * it resolves; the file is replayed and truncated on the next boot.
 */
export class RunSpool {
  readonly file: string;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.resolve(dataDir, SPOOL_FILE_NAME);
  }

  /** Appends one run as a line and flushes it to disk. */
  append(run: DrainRun): Promise<void> {
    return this.serial(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const handle = await open(this.file, 'a');
      try {
        await handle.write(`${JSON.stringify(run)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
  }

  /**
   * Writes every spooled run with `write` (last copy of each id wins), then empties the spool if all were
   * written. Appends wait meanwhile, so none is lost to the truncation. A torn line is skipped and counted.
   */
  replay(write: (run: DrainRun) => Promise<void>): Promise<SpoolReplay> {
    return this.serial(async () => {
      const { runs, unreadable } = await this.read();
      let failed = 0;
      for (const run of runs) {
        await write(run).catch(() => failed++);
      }
      if (runs.length + unreadable > 0 && failed === 0) await truncate(this.file, 0);
      return { replayed: runs.length - failed, failed, unreadable };
    });
  }

  private async read(): Promise<{ runs: DrainRun[]; unreadable: number }> {
    const text = await readFile(this.file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return '';
      throw e;
    });
    const byId = new Map<string, DrainRun>();
    let unreadable = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const value: unknown = JSON.parse(line);
        if (isRun(value)) byId.set(value.id, value);
        else unreadable++;
      } catch {
        unreadable++;
      }
    }
    return { runs: [...byId.values()], unreadable };
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
