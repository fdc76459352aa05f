// Jest globalSetup (runs as a native ES module): one Postgres server for the whole run and a template
// database migrated once; test files clone it with createTestDatabase() (test/support/postgres.ts).
import './support/register-ts.mjs';

export default async function globalSetup() {
  const { startTestPostgres } = await import('./support/postgres-server.ts');
  globalThis.__drainboardTestPostgres = await startTestPostgres();
}
