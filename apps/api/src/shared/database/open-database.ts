import path from 'node:path';

import type { AppConfig } from '../config/app-config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { findMigrationsDir, migrate } from './migrator.js';

/** Name of the application database on the embedded server. */
export const EMBEDDED_DATABASE_NAME = 'drainboard';

/** An open, migrated database. */
export interface OpenDatabase {
  url: string;
  /** True when the server was started by this process (embedded Postgres). */
  embedded: boolean;
  /** Stops the embedded server; a no-op for an external `DATABASE_URL`. Call it last, after Prisma disconnected. */
  close(): Promise<void>;
}

/** Optional knobs of `openDatabase`, for tools and tests. */
export interface OpenDatabaseOptions {
  migrationsDir?: string;
  onLog?: (line: string) => void;
  /** Receives start-up notices an operator should see (an interrupted first boot redone, a stale server). */
  onNotice?: (line: string) => void;
  /** Told which step is running, for a boot interrupted by a signal to say where it stopped. */
  onStep?: (step: string) => void;
  /**
   * Aborting stops what is running (initdb, the embedded server) and starts no further migration; the call
   * then rejects with the signal's reason and leaves nothing running.
   */
  signal?: AbortSignal;
}

/**
 * Makes the database ready for the API: with `config.databaseUrl` null, starts embedded Postgres under
 * `<dataDir>/pg` (initialised on first run) and creates the `drainboard` database; then applies pending
 * migrations. Embedded Postgres is tethered to this process: it stops when `close()` is called or the process
 * dies, however. Call it while holding the DATA_DIR lock.
 * @throws MigrationError when the migration history does not match `prisma/migrations`.
 */
export async function openDatabase(
  config: AppConfig,
  options: OpenDatabaseOptions = {},
): Promise<OpenDatabase> {
  const migrationsDir = options.migrationsDir ?? findMigrationsDir();
  const { signal } = options;
  const step = options.onStep ?? (() => undefined);
  signal?.throwIfAborted();
  if (config.databaseUrl !== null) {
    step('migrating the database');
    await migrate(config.databaseUrl, migrationsDir, { signal });
    return { url: config.databaseUrl, embedded: false, close: () => Promise.resolve() };
  }
  step('starting embedded Postgres');
  const server = await startEmbeddedPostgres({
    dir: path.join(config.dataDir, 'pg'),
    onLog: options.onLog,
    onNotice: options.onNotice,
    signal,
  });
  try {
    signal?.throwIfAborted();
    await server.ensureDatabase(EMBEDDED_DATABASE_NAME);
    const url = server.url(EMBEDDED_DATABASE_NAME);
    step('migrating the database');
    await migrate(url, migrationsDir, { signal });
    return { url, embedded: true, close: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
