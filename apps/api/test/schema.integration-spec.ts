import { readFileSync } from 'node:fs';
import path from 'node:path';

import pg from 'pg';

import { findMigrationsDir } from '../src/shared/database/migrator.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';
import { type ExpectedForeignKey, type ExpectedSchema, expectedSchema } from './support/prisma-schema.js';

const RULES: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

async function actualSchema(client: pg.Client): Promise<ExpectedSchema> {
  const tables = await client.query<{ table: string }>(
    `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'`,
  );
  const columns = await client.query(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations' AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  const indexes = await client.query(
    `SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
            ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) || CASE WHEN x.indoption[k - 1] & 1 = 1 THEN ' DESC' ELSE '' END
                  FROM generate_series(1, x.indnkeyatts) AS k) AS columns
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`,
  );
  const foreignKeys = await client.query(
    `SELECT t.relname AS table, con.conname AS name, r.relname AS "refTable", con.confdeltype AS del, con.confupdtype AS upd,
            ARRAY(SELECT attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = con.conrelid AND attnum = k.n ORDER BY o) AS columns,
            ARRAY(SELECT attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = con.confrelid AND attnum = k.n ORDER BY o) AS "refColumns"
     FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
     WHERE con.contype = 'f'`,
  );
  return {
    tables: tables.rows.map((r) => r.table),
    columns: columns.rows,
    indexes: indexes.rows,
    foreignKeys: foreignKeys.rows.map(
      ({
        del,
        upd,
        ...fk
      }: { del: string; upd: string } & Omit<ExpectedForeignKey, 'onDelete' | 'onUpdate'>) => ({
        ...fk,
        onDelete: RULES[del]!,
        onUpdate: RULES[upd]!,
      }),
    ),
  };
}

const byKey = <T extends { table: string }>(items: T[], key: (item: T) => string): T[] =>
  [...items].sort((a, b) => `${a.table}.${key(a)}`.localeCompare(`${b.table}.${key(b)}`));

describe('the migrated database', () => {
  let db: TestDatabase;
  let client: pg.Client;
  const schemaFile = path.join(path.dirname(findMigrationsDir()), 'schema.prisma');
  const expected = expectedSchema(readFileSync(schemaFile, 'utf8'));

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('has exactly the tables of schema.prisma', async () => {
    const actual = await actualSchema(client);
    expect([...actual.tables].sort()).toEqual([...expected.tables].sort());
    expect(expected.tables.length).toBeGreaterThanOrEqual(4);
  });

  it('has every column with the type, nullability and default schema.prisma gives it', async () => {
    const actual = await actualSchema(client);
    expect(byKey(actual.columns, (c) => c.column)).toEqual(byKey(expected.columns, (c) => c.column));
  });

  it("has the primary keys, indexes and unique constraints of schema.prisma, under Prisma's names", async () => {
    const actual = await actualSchema(client);
    expect(byKey(actual.indexes, (i) => i.name)).toEqual(byKey(expected.indexes, (i) => i.name));
  });

  it('has the foreign keys of schema.prisma with their referential actions', async () => {
    const actual = await actualSchema(client);
    expect(byKey(actual.foreignKeys, (f) => f.name)).toEqual(byKey(expected.foreignKeys, (f) => f.name));
  });
});
