import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import pg from 'pg';

import { errorMessage } from '../common/error-message.js';

/**
 * Key of the session advisory lock held while migrating: the one `prisma migrate` takes, so this migrator and
 * the Prisma CLI exclude each other as well as two booting processes.
 */
export const MIGRATION_LOCK_KEY = 72707369;

/** One migration folder of `prisma/migrations`. */
export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 hex of `migration.sql`, as Prisma stores it. */
  checksum: string;
}

/** What a `migrate()` call did. */
export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

/** Raised when the database's migration history disagrees with `prisma/migrations`; the boot must stop. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

// Prisma's own definition of its bookkeeping table (Postgres).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  logs: string | null;
}

/**
 * Finds `prisma/migrations` by walking up from the working directory, then from the started script.
 * @throws MigrationError when no folder is found.
 */
export function findMigrationsDir(
  starts: string[] = [process.cwd(), path.dirname(process.argv[1] ?? '.')],
): string {
  for (const start of starts) {
    let dir = path.resolve(start);
    for (;;) {
      const candidate = path.join(dir, 'prisma', 'migrations');
      if (existsSync(candidate)) {
        return candidate;
      }
      const parent = path.dirname(dir);
      if (parent === dir) {
        break;
      }
      dir = parent;
    }
  }
  throw new MigrationError(`prisma/migrations not found above ${starts.join(' or ')}`);
}

/** Reads every `<dir>/<name>/migration.sql`, sorted by name (Prisma's order). */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const file = path.join(dir, name, 'migration.sql');
    if (!existsSync(file)) {
      continue;
    }
    const bytes = await readFile(file);
    files.push({
      name,
      sql: bytes.toString('utf8'),
      checksum: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  return files;
}

function checkHistory(files: MigrationFile[], rows: AppliedRow[]): Set<string> {
  const byName = new Map(files.map((f) => [f.name, f]));
  const done = new Set<string>();
  for (const row of rows) {
    if (row.finished_at === null) {
      // Prisma's P3009: a failed (or interrupted) migration blocks every later deploy until it is resolved.
      const why = row.logs
        ? `it failed: ${row.logs.replace(/\s+/g, ' ').trim()}`
        : 'it started but never finished';
      throw new MigrationError(
        `migration ${row.migration_name} is recorded as failed in _prisma_migrations (${why}); fix the database, then run \`prisma migrate resolve --rolled-back ${row.migration_name}\` (or --applied) before booting`,
      );
    }
    const file = byName.get(row.migration_name);
    if (file && file.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${row.migration_name} was modified after it was applied (checksum ${row.checksum} in the database, ${file.checksum} on disk)`,
      );
    }
    done.add(row.migration_name);
  }
  return done;
}

/**
 * Applies one migration the way Prisma's schema engine does: a `_prisma_migrations` row is inserted first (in
 * its own statement, so a failure stays on record), then the whole script is sent as one simple query, which
 * Postgres runs as one implicit transaction; on success the step count and `finished_at` are set, on failure
 * the error goes to `logs` and `finished_at` stays null.
 */
async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query(
    'INSERT INTO "_prisma_migrations" ("id", "checksum", "started_at", "migration_name", "applied_steps_count") VALUES ($1, $2, now(), $3, 0)',
    [id, file.checksum, file.name],
  );
  try {
    await client.query(file.sql);
  } catch (error) {
    const message = errorMessage(error);
    const code = (error as { code?: string }).code ?? 'none';
    const logs = `Database error code: ${code}\n\nDatabase error:\n${message}`;
    await client.query('UPDATE "_prisma_migrations" SET "logs" = $2 WHERE "id" = $1', [id, logs]);
    throw new MigrationError(`migration ${file.name} failed: ${message}`);
  }
  await client.query(
    'UPDATE "_prisma_migrations" SET "applied_steps_count" = "applied_steps_count" + 1 WHERE "id" = $1',
    [id],
  );
  await client.query('UPDATE "_prisma_migrations" SET "finished_at" = now() WHERE "id" = $1', [id]);
}

/** Options of `migrate`. */
export interface MigrateOptions {
  /** Checked between migrations: once aborted, no further migration starts (the current one completes). */
  signal?: AbortSignal;
}

/**
 * Applies the pending migrations of `migrationsDir` to the database at `url` exactly as `prisma migrate deploy`
 * does: under Prisma's session advisory lock, each migration on its own (its script one transaction), recorded
 * in `_prisma_migrations`. A failing migration is left recorded as failed (as Prisma leaves it) and stops the
 * boot; the ones before it stay applied.
 * @throws MigrationError when a migration fails, an applied one's checksum differs or one is recorded as failed.
 */
export async function migrate(
  url: string,
  migrationsDir: string = findMigrationsDir(),
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const files = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<AppliedRow>(
      'SELECT "migration_name", "checksum", "finished_at", "logs" FROM "_prisma_migrations" WHERE "rolled_back_at" IS NULL ORDER BY "started_at"',
    );
    const done = checkHistory(files, rows);
    const applied: string[] = [];
    for (const file of files.filter((f) => !done.has(f.name))) {
      options.signal?.throwIfAborted();
      await applyOne(client, file);
      applied.push(file.name);
    }
    return { applied, alreadyApplied: [...done] };
  } finally {
    // Ending the session releases the advisory lock.
    await client.end();
  }
}
