import { killStartedApis } from './api-process.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';

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
    if (!db) throw new Error('the test database is only there from the first beforeAll on');
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
