import { Test, type TestingModule } from '@nestjs/testing';

import { RunsRepository } from '../../src/admin/runs/runs.repository.js';
import { RunsService } from '../../src/admin/runs/runs.service.js';
import { DatabaseModule } from '../../src/shared/database/database.module.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';

/** A database of its own and a Nest module with the runs repository and service on it. */
export interface RunsTestModule {
  db: TestDatabase;
  moduleRef: TestingModule;
  /** Closes the module, then drops the database. */
  close(): Promise<void>;
}

/** Starts `RunsRepository` and `RunsService` on a fresh clone of the migrated template database. */
export async function startRunsModule(): Promise<RunsTestModule> {
  const db = await createTestDatabase();
  const moduleRef = await Test.createTestingModule({
    imports: [DatabaseModule.forRoot(db.url)],
    providers: [RunsRepository, RunsService],
  }).compile();
  await moduleRef.init();
  return {
    db,
    moduleRef,
    close: async () => {
      await moduleRef.close();
      await db.drop();
    },
  };
}
