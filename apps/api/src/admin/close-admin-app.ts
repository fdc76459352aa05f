import type { BeforeApplicationShutdown, INestApplication, Type } from '@nestjs/common';

import { AuditService } from './audit/audit.service.js';
import { InstancesService } from './instances/instances.service.js';
import { LiveGateway } from './live/live.gateway.js';
import { DurationHistoryService } from './preview/duration-history.service.js';
import { RunRecorder } from './runs/run-recorder.service.js';

/**
 * The admin app's last work before it closes, each an independent `beforeApplicationShutdown` hook that does
 * nothing the second time: the instance's stop written, the last route durations saved, the run writes still
 * queued, the live feed's `bye` flushed, the audit rows in flight. Nest runs these one module after the other;
 * they wait on different things (Postgres round trips, clients), so they run together here.
 */
const LAST_WORK: ReadonlyArray<readonly [string, Type<BeforeApplicationShutdown>]> = [
  ['instance stop', InstancesService],
  ['route durations', DurationHistoryService],
  ['run writes', RunRecorder],
  ['live feed', LiveGateway],
  ['audit', AuditService],
];

function providerOf<T>(app: INestApplication, type: Type<T>): T | null {
  try {
    return app.get(type, { strict: false });
  } catch {
    return null;
  }
}

/**
 * Closes the admin app: its last work all at once (see `LAST_WORK`), then `app.close()`, whose hooks find that
 * work done (the exit stage's end and the database disconnect run there). Resolves with where the time went,
 * for the exit's stage line, e.g. `last work 6 ms (instance stop 6, route durations 0, ...), close 4 ms`.
 */
export async function closeAdminApp(app: INestApplication): Promise<string> {
  const started = performance.now();
  const parts = await Promise.all(
    LAST_WORK.map(async ([name, type]) => {
      const provider = providerOf(app, type);
      const partStarted = performance.now();
      await provider?.beforeApplicationShutdown();
      return `${name} ${Math.round(performance.now() - partStarted)}`;
    }),
  );
  const closeStarted = performance.now();
  await app.close();
  const lastWorkMs = Math.round(closeStarted - started);
  return `last work ${lastWorkMs} ms (${parts.join(', ')}), close ${Math.round(performance.now() - closeStarted)} ms`;
}
