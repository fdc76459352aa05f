import { randomUUID } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import pg from 'pg';

import { type DrainService } from '@drainboard/drain';
import { pollUntil } from '@drainboard/test-support';

import { FleetRegistryService } from '../src/admin/instances/fleet-registry.service.js';
import { InstancesService } from '../src/admin/instances/instances.service.js';
import { LivenessSweeper } from '../src/admin/instances/liveness-sweeper.service.js';
import { RunsService } from '../src/admin/runs/runs.service.js';
import { DEFAULT_FLEET_CONFIG } from '../src/shared/config/fleet-config.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';
import { startRecorderApp, startTrafficApp, testConfig } from './support/recorder-apps.js';

const fleet = { ...DEFAULT_FLEET_CONFIG, heartbeatIntervalMs: 100, heartbeatTimeoutMs: 400 };

describe('the fleet registry', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  const apps: INestApplication[] = [];

  async function startInstance(
    instanceId: string,
  ): Promise<{ admin: INestApplication; drain: DrainService }> {
    const traffic = await startTrafficApp(instanceId);
    const admin = await startRecorderApp(traffic.drain, testConfig({ instanceId, fleet }), db.url);
    apps.push(admin, traffic.app);
    return { admin, drain: traffic.drain };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    for (const app of apps.reverse()) {
      await app.close().catch(() => undefined);
    }
    await sql.end();
    await db.drop();
  });

  it('registers an instance as starting, then serving with its addresses, and keeps its heartbeat moving', async () => {
    const { admin } = await startInstance('registry-a');
    const registry = admin.get(FleetRegistryService);
    expect(await registry.find('registry-a')).toMatchObject({
      state: 'starting',
      trafficUrl: null,
      pid: process.pid,
    });
    await admin.get(InstancesService).announce({ traffic: 4100, admin: 4101 });
    const announced = await registry.find('registry-a');
    expect(announced).toMatchObject({
      state: 'serving',
      trafficUrl: 'http://127.0.0.1:4100',
      adminUrl: 'http://127.0.0.1:4101',
    });
    await pollUntil(async () => {
      const row = await registry.find('registry-a');
      return row && row.lastHeartbeatAt > announced!.lastHeartbeatAt;
    });
    const transitions = await sql.query(
      `SELECT from_state, to_state FROM instance_transitions WHERE instance_id = 'registry-a' ORDER BY id`,
    );
    expect(transitions.rows).toEqual([
      { from_state: null, to_state: 'starting' },
      { from_state: 'starting', to_state: 'serving' },
    ]);
  });

  it('records drain transitions and counts only serving instances as ready', async () => {
    const { admin, drain } = await startInstance('registry-b');
    await admin.get(InstancesService).announce({ traffic: 4200, admin: 4201 });
    const registry = admin.get(FleetRegistryService);
    const readyBefore = await registry.countReady(null);
    void drain.drain({ trigger: { source: 'admin' } });
    await pollUntil(async () => (await registry.find('registry-b'))?.state === 'drained');
    expect(await registry.countReady(null)).toBe(readyBefore - 1);
    await drain.resume();
    await pollUntil(async () => (await registry.find('registry-b'))?.state === 'serving');
  });

  it('declares a silent instance lost and closes its unfinished run as interrupted, with the stages it reached', async () => {
    const { admin } = await startInstance('registry-sweeper');
    const runId = randomUUID();
    // An instance that died mid-drain a while ago: its row and its half-written run, as a killed process leaves them
    // (one transaction, so the other instances' periodic sweeps see all of it or nothing).
    await sql.query('BEGIN');
    await sql.query(
      `INSERT INTO instances (id, host, pid, version, started_at, last_seen_at, state)
       VALUES ('registry-dead', 'elsewhere', 4242, '0.1.0', now() - interval '1 minute', now() - interval '30 seconds', 'draining')`,
    );
    await sql.query(
      `INSERT INTO drain_runs (id, instance_id, kind, trigger_source, trigger, started_at, outcome, in_flight_at_start, deadline_ms)
       VALUES ($1, 'registry-dead', 'drain', 'admin', '{"source":"admin"}', now() - interval '31 seconds', 'running', 3, 30000)`,
      [runId],
    );
    await sql.query(
      `INSERT INTO drain_stages (run_id, name, "order", started_at, ended_at, duration_ms, outcome)
       VALUES ($1, 'trigger', 0, now() - interval '31 seconds', now() - interval '31 seconds', 0.2, 'ok'),
              ($1, 'drain-requests', 3, now() - interval '31 seconds', NULL, NULL, 'running')`,
      [runId],
    );
    await sql.query('COMMIT');
    await admin.get(LivenessSweeper).sweep(true);
    expect(await admin.get(FleetRegistryService).find('registry-dead')).toMatchObject({ state: 'lost' });
    const run = await admin.get(RunsService).get(runId);
    expect(run).toMatchObject({ outcome: 'interrupted' });
    const lastSeen = (await sql.query(`SELECT last_seen_at FROM instances WHERE id = 'registry-dead'`))
      .rows[0];
    expect(run!.finishedAt).toBe((lastSeen.last_seen_at as Date).toISOString());
    expect(run!.stages.map((s) => [s.name, s.outcome])).toEqual([
      ['trigger', 'ok'],
      ['drain-requests', 'interrupted'],
    ]);
    expect(run!.stages[1]!.details).toMatchObject({
      interrupted: { detectedBy: expect.stringMatching(/^registry-/) as string },
    });
  });

  it('keeps a stopped instance as history and does not call it lost', async () => {
    const { admin } = await startInstance('registry-stops');
    await admin.get(InstancesService).announce({ traffic: 4300, admin: 4301 });
    const registry = admin.get(FleetRegistryService);
    await admin.close();
    const other = await startInstance('registry-watcher');
    await other.admin.get(LivenessSweeper).sweep(true);
    const list = await registry.list().catch(() => other.admin.get(FleetRegistryService).list());
    expect(list.instances.find((i) => i.id === 'registry-stops')).toMatchObject({ state: 'stopped' });
  });
});
