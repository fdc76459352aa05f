import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { DrainRun, FleetInstancesResponse } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { send } from './support/admin-http.js';
import { killStartedApis, startApi } from './support/api-process.js';

/** One instance, embedded Postgres in its DATA_DIR: kill -9 in the middle of a drain, then start it again. */
describe('a run cut short by kill -9 (single instance, restarted on the same DATA_DIR)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'drainboard-interrupted-'));
  });
  afterAll(async () => {
    await killStartedApis();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is closed as interrupted at the next boot, with the stages it reached and when it was last seen', async () => {
    const env = {
      DATA_DIR: dataDir,
      FLEET_HEARTBEAT_INTERVAL_MS: '200',
      FLEET_HEARTBEAT_TIMEOUT_MS: '60000',
      DEMO_JOB_INTERVAL_MS: '0',
      LOG_LEVEL: 'warn',
    };
    const first = await startApi({ env });
    void send(`${first.trafficUrl}/demo/slow?ms=30000`).catch(() => undefined);
    await pollUntil(
      async () =>
        ((await send(`${first.adminUrl}/admin/state`, { token: first.token })).json as { inFlight: number })
          .inFlight > 0,
    );
    const drained = await send(`${first.adminUrl}/admin/drain`, {
      method: 'POST',
      token: first.token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deadlineMs: 120_000 }),
    });
    const runId = (drained.json as DrainRun).id;
    await pollUntil(async () => {
      const stored = await send(`${first.adminUrl}/admin/runs/${runId}`, { token: first.token });
      return (
        stored.status === 200 && (stored.json as DrainRun).stages.some((s) => s.name === 'drain-requests')
      );
    });
    first.proc.kill('SIGKILL');
    await first.exited;

    const second = await startApi({ env: { ...env, ADMIN_TOKEN: first.token } });
    // The heartbeat timeout is a minute: the restart itself (same host, the old pid gone) is what closes the run.
    const run = await pollUntil(
      async () => {
        const found = (await send(`${second.adminUrl}/admin/runs/${runId}`, { token: second.token }))
          .json as DrainRun;
        return found.outcome === 'interrupted' ? found : null;
      },
      { timeoutMs: 5000, description: 'the killed run closed as interrupted' },
    );
    expect(run.stages.map((s) => [s.name, s.outcome])).toEqual(
      expect.arrayContaining([
        ['trigger', 'ok'],
        ['drain-requests', 'interrupted'],
      ]),
    );
    expect(run.stages.some((s) => s.name === 'persist')).toBe(false);
    expect(Date.parse(run.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
    const list = (await send(`${second.adminUrl}/admin/instances`, { token: second.token }))
      .json as FleetInstancesResponse;
    expect(list.instances.find((i) => i.id === run.instanceId)).toMatchObject({ state: 'lost' });
    expect(list.instances.find((i) => i.id === list.receivedBy)).toMatchObject({ state: 'serving' });
    await second.stop('SIGTERM');
  }, 90_000);
});
