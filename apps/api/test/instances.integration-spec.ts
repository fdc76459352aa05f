import { Test, type TestingModule } from '@nestjs/testing';
import { pollUntil } from './support/poll.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';
import { testConfig } from './support/recorder-apps.js';
import { ConfigModule } from '../src/config/config.module.js';
import { DatabaseModule } from '../src/database/database.module.js';
import { InstancesModule } from '../src/instances/instances.module.js';
import { InstancesRepository } from '../src/instances/instances.repository.js';
import { HEARTBEAT_INTERVAL } from '../src/instances/instances.service.js';

describe('InstancesModule', () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    db = await createTestDatabase();
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(testConfig({ instanceId: 'heartbeat-it' })),
        DatabaseModule.forRoot(db.url),
        InstancesModule,
      ],
    })
      .overrideProvider(HEARTBEAT_INTERVAL)
      .useValue(50)
      .compile();
    await moduleRef.init();
  });
  afterAll(async () => {
    await moduleRef.close();
    await db.drop();
  });

  it('registers this process at boot and keeps lastSeenAt moving', async () => {
    const repository = moduleRef.get(InstancesRepository);
    const registered = await repository.find('heartbeat-it');
    expect(registered).toMatchObject({ id: 'heartbeat-it', pid: process.pid, version: '0.1.0' });
    const later = await pollUntil(async () => {
      const row = await repository.find('heartbeat-it');
      return row && row.lastSeenAt > registered!.lastSeenAt ? row : null;
    });
    expect(later.startedAt).toEqual(registered!.startedAt);
  });
});
