import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';

import { startEmbeddedPostgres } from '../../src/shared/database/embedded-postgres.js';
import { migrate } from '../../src/shared/database/migrator.js';
import { SERVER_URL_ENV, TEMPLATE_ENV, withDatabase } from './postgres.js';

/** The test run's Postgres server, as set up by Jest globalSetup. */
export interface TestPostgres {
  serverUrl: string;
  template: string;
  stop(): Promise<void>;
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function createTemplate(serverUrl: string, template: string): Promise<void> {
  await dropDatabase(serverUrl, template);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(template)}`);
  } finally {
    await client.end();
  }
  await migrate(withDatabase(serverUrl, template));
}

/**
 * Starts one server for the whole test run (embedded in a temp dir, or the one `DATABASE_URL` points at),
 * creates a template database migrated once, and publishes both to test files through the environment.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const template = `drainboard_tmpl_${process.pid}`;
  const external = process.env['DATABASE_URL'];
  let stopServer = (): Promise<void> => Promise.resolve();
  let serverUrl: string;
  if (external) {
    serverUrl = external;
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'drainboard-test-pg-'));
    const server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg') });
    serverUrl = server.url();
    stopServer = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  await createTemplate(serverUrl, template);
  process.env[SERVER_URL_ENV] = serverUrl;
  process.env[TEMPLATE_ENV] = template;
  return {
    serverUrl,
    template,
    stop: async () => {
      await dropDatabase(serverUrl, template).catch(() => undefined);
      await stopServer();
    },
  };
}
