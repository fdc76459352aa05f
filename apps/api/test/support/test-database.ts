import pg from 'pg';

import { killStartedApis } from './api-process.js';
import { createTestDatabase, SERVER_URL_ENV, type TestDatabase } from './postgres.js';

/** A test file's database, available from its first `beforeAll` on. */
export interface TestDatabaseRef {
  readonly url: string;
  readonly name: string;
}

/**
 * The usual set-up of an e2e file: before its tests, a database cloned from the migrated template; after them,
 * every API the file started is killed and the database dropped. Call it at the top of the file, before any
 * `beforeAll` that needs the database (Jest runs hooks in the order they were registered).
 */
export function useTestDatabase(): TestDatabaseRef {
  let db: TestDatabase | undefined;
  const current = (): TestDatabase => {
    if (!db) {
      throw new Error('the test database is only there from the first beforeAll on');
    }
    return db;
  };
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await killStartedApis();
    await db?.drop();
  });
  return {
    get url() {
      return current().url;
    },
    get name() {
      return current().name;
    },
  };
}

/** Cuts a test database off (its sessions killed, new ones refused), or lets clients back in. */
export async function setDatabaseReachable(db: TestDatabaseRef, reachable: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: process.env[SERVER_URL_ENV] });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(db.name)} ALLOW_CONNECTIONS ${reachable}`);
    if (!reachable) {
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
        db.name,
      ]);
    }
  } finally {
    await client.end();
  }
}
