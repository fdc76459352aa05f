import { randomBytes } from 'node:crypto';

import pg from 'pg';

/** Environment variable carrying the test server's URL from Jest globalSetup to test files. */
export const SERVER_URL_ENV = 'DRAINBOARD_TEST_PG_URL';
/** Environment variable carrying the migrated template database's name. */
export const TEMPLATE_ENV = 'DRAINBOARD_TEST_PG_TEMPLATE';

/** A database of its own for one test file. */
export interface TestDatabase {
  url: string;
  name: string;
  /** Drops the database, closing whatever is still connected. */
  drop(): Promise<void>;
}

/** `url` pointing at `database` on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function testServer(): { serverUrl: string; template: string } {
  const serverUrl = process.env[SERVER_URL_ENV];
  const template = process.env[TEMPLATE_ENV];
  if (!serverUrl || !template) {
    throw new Error(
      `${SERVER_URL_ENV} is unset: run integration tests through Jest (globalSetup starts Postgres)`,
    );
  }
  return { serverUrl, template };
}

async function onServer<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Clones the migrated template into a fresh database (`CREATE DATABASE ... TEMPLATE`). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { serverUrl, template } = testServer();
  const name = `drainboard_test_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(
          `CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(template)}`,
        );
        return;
      } catch (error) {
        // 55006: another file is cloning the same template right now; try again shortly.
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) {
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  return handle(serverUrl, name);
}

/** An empty database (no migrations applied) for migrator tests. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const { serverUrl } = testServer();
  const name = `drainboard_empty_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  return handle(serverUrl, name);
}

/** The URL of database `name` on the test server, and a way to drop it (closing whatever is still connected). */
function handle(serverUrl: string, name: string): TestDatabase {
  return {
    url: withDatabase(serverUrl, name),
    name,
    drop: () =>
      onServer(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
      ).then(() => undefined),
  };
}
