import type { BeforeApplicationShutdown, INestApplication, Type } from '@nestjs/common';

import { AuditService } from './audit/audit.service.js';
import { InstancesService } from './instances/instances.service.js';
import { LiveGateway } from './live/live.gateway.js';
import { DurationHistoryService } from './preview/duration-history.service.js';
import { RunRecorder } from './runs/run-recorder.service.js';

/**
 * What the admin app does before Nest closes it, each an independent `beforeApplicationShutdown` hook that does
 * nothing the second time. Nest runs these one module after the other; they wait on different things (clients,
 * Postgres round trips), so each step runs its parts together.
 *
 * First it stops serving: the live feed's `bye` flushed and its clients closed, while the listener closes (see
 * `closeAdminApp`). Then its last writes: the instance's stop, the last route durations, the audit rows in flight,
 * and the run's exit write (`RunRecorder.endExitStage`, which also waits for the run writes still queued).
 */
type NamedHooks = ReadonlyArray<readonly [string, Type<BeforeApplicationShutdown>]>;

const STOP_SERVING: NamedHooks = [['live feed', LiveGateway]];
const LAST_WRITES: NamedHooks = [
  ['instance stop', InstancesService],
  ['route durations', DurationHistoryService],
  ['audit', AuditService],
];

function providerOf<T>(app: INestApplication, type: Type<T>): T | null {
  try {
    return app.get(type, { strict: false });
  } catch {
    return null;
  }
}

/** Runs `work` and resolves with `<name> <ms>` (its part of the exit's stage line). */
async function timed(name: string, work: () => Promise<unknown> | undefined): Promise<string> {
  const started = performance.now();
  await work();
  return `${name} ${Math.round(performance.now() - started)}`;
}

/** Starts each hook's `beforeApplicationShutdown` together, each timed. */
function runHooks(app: INestApplication, hooks: NamedHooks): Array<Promise<string>> {
  return hooks.map(([name, type]) =>
    timed(name, async () => {
      await providerOf(app, type)?.beforeApplicationShutdown();
    }),
  );
}

/**
 * Closes the admin app in three steps, each timed for the exit's stage line, e.g. `stopped serving in 2 ms (live
 * feed 0, listener 2), last writes 4 ms (run 4, instance stop 3, route durations 3, audit 0), close 3 ms`:
 * 1. it stops serving (see `STOP_SERVING`): the listener closes, so no new admin request or live client, and the
 *    ones connected are answered or said goodbye to;
 * 2. its last writes, together (see `LAST_WRITES`). The exit stage ends as they start: the process has stopped
 *    serving everything, and the run's one write of the exit carries that end (`RunRecorder.endExitStage`);
 * 3. `app.close()`: its hooks find that work done; the database disconnects.
 */
export async function closeAdminApp(app: INestApplication): Promise<string> {
  const started = performance.now();
  const serving = await Promise.all([
    ...runHooks(app, STOP_SERVING),
    timed('listener', () => app.getHttpAdapter().close() as Promise<unknown> | undefined),
  ]);
  const writesStarted = performance.now();
  const recorder = providerOf(app, RunRecorder);
  const writes = await Promise.all([
    timed('run', () => recorder?.endExitStage()),
    ...runHooks(app, LAST_WRITES),
  ]);
  const closeStarted = performance.now();
  await app.close();
  const ms = (from: number, to: number): number => Math.round(to - from);
  return (
    `stopped serving in ${ms(started, writesStarted)} ms (${serving.join(', ')}), ` +
    `last writes ${ms(writesStarted, closeStarted)} ms (${writes.join(', ')}), ` +
    `close ${ms(closeStarted, performance.now())} ms`
  );
}
