// Every SQL query of the shipped Grafana dashboards (panels, variables, annotations) runs on the migrated
// database as the read-only role of deploy/postgres/grafana-reader.sql; and the totals behind the
// drainboard_recorded_*_total metrics match the stored runs.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Test, type TestingModule } from '@nestjs/testing';
import pg from 'pg';

import {
  DRAIN_STAGES,
  type DrainRun,
  type DrainRunKind,
  type DrainRunOutcome,
  plannedStages,
} from '@drainboard/contracts';

import { RecordedRunsRepository } from '../src/admin/metrics/recorded-runs.repository.js';
import { RunsRepository } from '../src/admin/runs/runs.repository.js';
import { DatabaseModule } from '../src/shared/database/database.module.js';
import { dashboardQueries, DEPLOY_DIR, shippedDashboards } from './support/grafana-dashboard.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

const READER = 'drainboard_reader';
const READER_PASSWORD = 'reader-test-password';
const FROM = '2026-01-01T00:00:00Z';
const TO = '2026-01-02T00:00:00Z';

function run(kind: DrainRunKind, outcome: DrainRunOutcome, instanceId: string, minute: number): DrainRun {
  const startedAt = new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();
  const aborted = outcome === 'aborted';
  const stages = plannedStages(kind).map((name, order) => ({
    name,
    order,
    startedAt,
    endedAt: startedAt,
    durationMs: 10 * (order + 1),
    outcome: aborted && name === 'drain-requests' ? ('aborted' as const) : ('ok' as const),
    details: {},
  }));
  return {
    id: randomUUID(),
    instanceId,
    kind,
    trigger: { source: kind === 'stop' ? 'signal' : 'admin', signal: 'SIGTERM' },
    reason: kind === 'drain' ? 'node maintenance' : null,
    startedAt,
    finishedAt: startedAt,
    outcome,
    resumedAt: null,
    inFlightAtStart: 3,
    abortedCount: aborted ? 2 : 0,
    deadlineMs: 30_000,
    stages,
    abortedRequests: aborted
      ? [
          { method: 'GET', route: '/demo/stream', ageMs: 30_000, bytesSent: 120 },
          { method: 'GET', route: '/demo/slow', ageMs: 29_000.5, bytesSent: 0 },
        ]
      : outcome === 'gave-up'
        ? [
            {
              method: 'GET',
              route: '/demo/slow',
              ageMs: 1_500,
              bytesSent: 20,
              kind: 'gave-up',
              statusCode: 503,
            },
          ]
        : [],
  };
}

/** The SQL Grafana puts in place of `$run_instance` when "All" is selected (the variable's allValue). */
const ALL_INSTANCES = (() => {
  const variable = shippedDashboards()
    .flatMap(({ dashboard }) => dashboard.templating?.list ?? [])
    .find((v) => v.name === 'run_instance') as { allValue?: string } | undefined;
  if (!variable?.allValue) {
    throw new Error('the run_instance variable has no allValue');
  }
  return variable.allValue;
})();

/**
 * Grafana's SQL macros and the dashboard variables, as Grafana expands them for a day-long time range;
 * `instances` is the selection of `$run_instance` ("All" by default).
 */
function expand(sql: string, instances: string[] | 'all' = 'all'): string {
  return sql
    .replace(/\$__timeFilter\(([^)]+)\)/g, `$1 BETWEEN '${FROM}' AND '${TO}'`)
    .replaceAll('$__timeFrom()', `'${FROM}'`)
    .replaceAll('$__timeTo()', `'${TO}'`)
    .replaceAll(
      '$run_instance',
      instances === 'all' ? ALL_INSTANCES : instances.map((id) => `'${id}'`).join(','),
    );
}

let db: TestDatabase;
let moduleRef: TestingModule;
let reader: pg.Client;
const runs = [
  run('stop', 'aborted', 'api-1', 0),
  run('stop', 'clean', 'api-2', 5),
  run('drain', 'clean', 'api-1', 10),
  run('drain', 'gave-up', 'api-2', 15),
];

beforeAll(async () => {
  db = await createTestDatabase();
  moduleRef = await Test.createTestingModule({
    imports: [DatabaseModule.forRoot(db.url)],
    providers: [RunsRepository, RecordedRunsRepository],
  }).compile();
  await moduleRef.init();
  for (const item of runs) {
    await moduleRef.get(RunsRepository).saveRun(item);
  }

  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  try {
    // Twice: the documented SQL can be re-run safely.
    const grants = readFileSync(join(DEPLOY_DIR, 'postgres/grafana-reader.sql'), 'utf8');
    await owner.query(grants);
    await owner.query(grants);
    await owner.query(`ALTER ROLE ${READER} PASSWORD '${READER_PASSWORD}'`);
  } finally {
    await owner.end();
  }
  const url = new URL(db.url);
  url.username = READER;
  url.password = READER_PASSWORD;
  reader = new pg.Client({ connectionString: url.toString() });
  await reader.connect();
}, 30_000);

afterAll(async () => {
  await reader?.end();
  await moduleRef?.close();
  await db?.drop();
});

describe('Grafana dashboards on the run history', () => {
  const queries = dashboardQueries().filter((q) => q.datasource === 'postgres');

  it('has run-history panels, an instance variable and drain annotations on Postgres', () => {
    const where = queries.map((q) => q.where).join('\n');
    expect(where).toMatch(/variable \$run_instance/);
    expect(where).toMatch(/annotation "Drains and stops"/);
    expect(queries.length).toBeGreaterThanOrEqual(6);
  });

  it.each(queries.map((q) => [q.where, q.text]))('runs %s as the read-only role', async (_where, text) => {
    const result = await reader.query(expand(text));
    expect(result.rows.length).toBeGreaterThan(0);
  });

  it('shows one stacked bar per run with a column for every stage, in order', async () => {
    const timeline = queries.find((q) => q.where.includes('Stage timeline'))!;
    const result = await reader.query(expand(timeline.text, ['api-1', 'api-2']));
    expect(result.fields.map((f) => f.name)).toEqual(['run', ...DRAIN_STAGES]);
    expect(result.rows).toHaveLength(runs.length);
    const stop = result.rows.find((row: { run: string }) =>
      row.run.includes('api-1 stop (aborted)'),
    ) as Record<string, number | null>;
    expect(DRAIN_STAGES.map((name) => stop[name])).toEqual(DRAIN_STAGES.map((_, i) => 10 * (i + 1)));
  });

  it('annotates each run with its start, end, text and tags', async () => {
    const annotation = queries.find((q) => q.where.includes('annotation'))!;
    const result = await reader.query(expand(annotation.text));
    expect(result.fields.map((f) => f.name)).toEqual(['time', 'timeEnd', 'text', 'tags']);
    expect(result.rows.map((row: { text: string }) => row.text)).toEqual([
      'stop of api-1: aborted',
      'stop of api-2: clean',
      'drain of api-1: clean (node maintenance)',
      'drain of api-2: gave-up (node maintenance)',
    ]);
  });

  it('filters by the selected instances', async () => {
    const recent = queries.find((q) => q.where.includes('Recent runs'))!;
    const result = await reader.query(expand(recent.text, ['api-2']));
    expect(result.rows.map((row: { instance: string }) => row.instance)).toEqual(['api-2', 'api-2']);
  });

  it('gives the Grafana role no way to change anything', async () => {
    await expect(reader.query(`DELETE FROM drain_runs`)).rejects.toThrow(
      /read-only transaction|permission denied/,
    );
    await expect(reader.query(`SET default_transaction_read_only = off`)).resolves.toBeDefined();
    await expect(reader.query(`DELETE FROM drain_runs`)).rejects.toThrow(/permission denied/);
    await reader.query(`RESET default_transaction_read_only`);
  });
});

describe('drainboard_recorded_*_total totals', () => {
  it('count finished runs by kind and outcome, deadline hits and cut-off requests from the stored runs', async () => {
    const totals = await moduleRef.get(RecordedRunsRepository).totals();
    const sorted = <T extends { kind: string }>(rows: T[]): T[] =>
      [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(sorted(totals.runs)).toEqual(
      sorted([
        { kind: 'stop', outcome: 'aborted', count: 1 },
        { kind: 'stop', outcome: 'clean', count: 1 },
        { kind: 'drain', outcome: 'clean', count: 1 },
        { kind: 'drain', outcome: 'gave-up', count: 1 },
      ]),
    );
    expect(totals.deadlineHits).toEqual([{ kind: 'stop', count: 1 }]);
    expect(sorted(totals.cutRequests)).toEqual(
      sorted([
        { kind: 'stop', result: 'aborted', count: 2 },
        { kind: 'drain', result: 'gave-up', count: 1 },
      ]),
    );
  });
});
