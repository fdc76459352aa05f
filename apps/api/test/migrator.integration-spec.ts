import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createEmptyDatabase, type TestDatabase } from './support/postgres.js';
import { findMigrationsDir, migrate, MigrationError, readMigrations } from '../src/database/migrator.js';

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('migrate()', () => {
  const migrationsDir = findMigrationsDir();
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createEmptyDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it("applies every migration, recording Prisma's checksum (sha256 of migration.sql) and finished_at", async () => {
    const result = await migrate(db.url, migrationsDir);
    const files = await readMigrations(migrationsDir);
    expect(result.applied).toEqual(files.map((f) => f.name));
    const rows = await query<MigrationRow>(
      db.url,
      'SELECT * FROM _prisma_migrations ORDER BY migration_name',
    );
    for (const [i, file] of files.entries()) {
      const bytes = await readFile(path.join(migrationsDir, file.name, 'migration.sql'));
      expect(rows[i]).toMatchObject({
        migration_name: file.name,
        checksum: createHash('sha256').update(bytes).digest('hex'),
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(rows[i]!.finished_at).toBeInstanceOf(Date);
    }
    expect(await query(db.url, 'SELECT count(*)::int AS n FROM drain_runs')).toEqual([{ n: 0 }]);
  });

  it('applies nothing the second time', async () => {
    await migrate(db.url, migrationsDir);
    const before = await query<MigrationRow>(db.url, 'SELECT * FROM _prisma_migrations');
    const second = await migrate(db.url, migrationsDir);
    expect(second.applied).toEqual([]);
    expect(await query<MigrationRow>(db.url, 'SELECT * FROM _prisma_migrations')).toEqual(before);
  });

  it('refuses to run when an applied migration was modified, naming it', async () => {
    await migrate(db.url, migrationsDir);
    const [first] = await readMigrations(migrationsDir);
    await query(
      db.url,
      `UPDATE _prisma_migrations SET checksum = repeat('0', 64) WHERE migration_name = '${first!.name}'`,
    );
    const error = await migrate(db.url, migrationsDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toContain(first!.name);
    expect((error as Error).message).toContain('modified');
  });

  it('refuses to run over a migration that started but never finished', async () => {
    await migrate(db.url, migrationsDir);
    await query(db.url, 'UPDATE _prisma_migrations SET finished_at = NULL');
    await expect(migrate(db.url, migrationsDir)).rejects.toThrow(/never finished/);
  });

  it('applies each migration once when several processes migrate at the same time', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => migrate(db.url, migrationsDir)));
    const files = await readMigrations(migrationsDir);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(files.map((f) => f.name).sort());
    expect(await query(db.url, 'SELECT count(*)::int AS n FROM _prisma_migrations')).toEqual([
      { n: files.length },
    ]);
  });

  it('applies a new migration added after the first boot, and leaves no trace of one that fails', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'drainboard-migrations-'));
    try {
      await cp(migrationsDir, dir, { recursive: true });
      await migrate(db.url, dir);
      const broken = path.join(dir, '29990101000000_broken');
      await mkdir(broken);
      await writeFile(path.join(broken, 'migration.sql'), 'CREATE TABLE "x" (id int);\nSELECT nope;');
      await expect(migrate(db.url, dir)).rejects.toThrow(/nope/);
      expect(await query(db.url, "SELECT to_regclass('public.x') AS t")).toEqual([{ t: null }]);
      expect(
        await query(
          db.url,
          "SELECT count(*)::int AS n FROM _prisma_migrations WHERE migration_name LIKE '%broken'",
        ),
      ).toEqual([{ n: 0 }]);
      await writeFile(path.join(broken, 'migration.sql'), 'CREATE TABLE "x" (id int);');
      expect((await migrate(db.url, dir)).applied).toEqual(['29990101000000_broken']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
