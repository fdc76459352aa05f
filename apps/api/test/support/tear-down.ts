import { rmSync } from 'node:fs';

import { killStartedApis } from './api-process.js';
import type { TestDatabase } from './postgres.js';

/** What an e2e file started, to end at its `afterAll` (each part may be missing if `beforeAll` failed early). */
export interface StartedParts {
  /** Helpers to stop first, in order (HAProxy, Prometheus...). */
  stop?: Array<{ stop(): Promise<void> } | undefined>;
  db?: TestDatabase;
  /** A temp dir to remove. */
  dir?: string;
}

/** Stops the helpers, SIGKILLs every API the file started, drops its database and removes its temp dir. */
export async function tearDown({ stop = [], db, dir }: StartedParts): Promise<void> {
  for (const part of stop) {
    await part?.stop();
  }
  await killStartedApis();
  await db?.drop();
  if (dir) {
    rmSync(dir, { recursive: true, force: true });
  }
}
