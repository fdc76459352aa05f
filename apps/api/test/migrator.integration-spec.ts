import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';

import {
  findMigrationsDir,
  migrate,
  MigrationError,
  readMigrations,
} from '../src/shared/database/migrator.js';
import { createEmptyDatabase, type TestDatabase } from './support/postgres.js';

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

  it('refuses to run over a migration that started but never finished (Prisma P3009)', async () => {
    await migrate(db.url, migrationsDir);
    await query(db.url, 'UPDATE _prisma_migrations SET finished_at = NULL');
    await expect(migrate(db.url, migrationsDir)).rejects.toThrow(/never finished.*migrate resolve/);
  });

  it('applies each migration once when several processes migrate at the same time', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => migrate(db.url, migrationsDir)));
    const files = await readMigrations(migrationsDir);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(files.map((f) => f.name).sort());
    expect(await query(db.url, 'SELECT count(*)::int AS n FROM _prisma_migrations')).toEqual([
      { n: files.length },
    ]);
  });

  it('applies each migration in its own transaction as Prisma does: a failing one is rolled back and recorded as failed, the ones before it stay', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'drainboard-migrations-'));
    try {
      await cp(migrationsDir, dir, { recursive: true });
      await migrate(db.url, dir);
      const good = path.join(dir, '29990101000000_good');
      const broken = path.join(dir, '29990102000000_broken');
      await mkdir(good);
      await writeFile(path.join(good, 'migration.sql'), 'CREATE TABLE "good" (id int);');
      await mkdir(broken);
      await writeFile(path.join(broken, 'migration.sql'), 'CREATE TABLE "x" (id int);\nSELECT nope;');
      const error = await migrate(db.url, dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as Error).message).toMatch(/29990102000000_broken failed: .*nope/);
      // The good one is applied and finished; the broken one's statements are rolled back as a whole.
      expect(await query(db.url, "SELECT to_regclass('public.good')::text AS t")).toEqual([{ t: 'good' }]);
      expect(await query(db.url, "SELECT to_regclass('public.x') AS t")).toEqual([{ t: null }]);
      const rows = await query<MigrationRow>(
        db.url,
        "SELECT * FROM _prisma_migrations WHERE migration_name LIKE '2999%' ORDER BY migration_name",
      );
      expect(rows).toEqual([
        expect.objectContaining({ migration_name: '29990101000000_good', applied_steps_count: 1 }),
        expect.objectContaining({
          migration_name: '29990102000000_broken',
          applied_steps_count: 0,
          finished_at: null,
          rolled_back_at: null,
          logs: expect.stringContaining('nope'),
        }),
      ]);
      expect(rows[0]!.finished_at).toBeInstanceOf(Date);
      // Like `prisma migrate deploy` (P3009), the next boot refuses until the failure is resolved.
      await writeFile(path.join(broken, 'migration.sql'), 'CREATE TABLE "x" (id int);');
      await expect(migrate(db.url, dir)).rejects.toThrow(/29990102000000_broken is recorded as failed.*nope/);
      // `prisma migrate resolve --rolled-back` sets rolled_back_at; then the fixed migration applies.
      await query(
        db.url,
        "UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '29990102000000_broken'",
      );
      expect((await migrate(db.url, dir)).applied).toEqual(['29990102000000_broken']);
      expect(await query(db.url, "SELECT to_regclass('public.x')::text AS t")).toEqual([{ t: 'x' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts no further migration once its abort signal fired', async () => {
    const controller = new AbortController();
    controller.abort(new Error('SIGTERM'));
    await expect(migrate(db.url, migrationsDir, { signal: controller.signal })).rejects.toThrow('SIGTERM');
    expect(await query(db.url, 'SELECT count(*)::int AS n FROM _prisma_migrations')).toEqual([{ n: 0 }]);
  });
});
