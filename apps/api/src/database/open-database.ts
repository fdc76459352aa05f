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
}

/**
 * Makes the database ready for the API: with `config.databaseUrl` null, starts embedded Postgres under
 * `<dataDir>/pg` (initialised on first run) and creates the `drainboard` database; then applies pending
 * migrations.
 * @throws MigrationError when the migration history does not match `prisma/migrations`.
 */
export async function openDatabase(
  config: AppConfig,
  options: OpenDatabaseOptions = {},
): Promise<OpenDatabase> {
  const migrationsDir = options.migrationsDir ?? findMigrationsDir();
  if (config.databaseUrl !== null) {
    await migrate(config.databaseUrl, migrationsDir);
    return { url: config.databaseUrl, embedded: false, close: () => Promise.resolve() };
  }
  const server = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'pg'), onLog: options.onLog });
  try {
    await server.ensureDatabase(EMBEDDED_DATABASE_NAME);
    const url = server.url(EMBEDDED_DATABASE_NAME);
    await migrate(url, migrationsDir);
    return { url, embedded: true, close: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
