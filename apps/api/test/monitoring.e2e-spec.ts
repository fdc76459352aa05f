// The monitoring shipped in deploy/ against the built API and a real Prometheus: every PromQL expression of the
// Grafana dashboards and the alert rules parses and names a metric the API exports, and a stop that hits its
// deadline is counted, and alerted on, although the stopped process is gone before the next scrape.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pollUntil } from '@drainboard/test-support';

import { type ApiProcess, startApi } from './support/api-process.js';
import {
  dashboardQueries,
  DEPLOY_DIR,
  metricNames,
  ruleExpressions,
  substitutePromqlVariables,
} from './support/grafana-dashboard.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';
import { type PrometheusServer, startPrometheus } from './support/prometheus-server.js';
import { tearDown } from './support/tear-down.js';

/** Series Prometheus makes itself rather than scraping them. */
const PROMETHEUS_OWN = new Set(['up', 'ALERTS', 'ALERTS_FOR_STATE']);

let db: TestDatabase;
let workDir: string;
let watcher: ApiProcess;
let stopper: ApiProcess;
let prometheus: PrometheusServer;

const target = (api: ApiProcess): string => new URL(api.adminUrl).host;

/** Metric names of a /metrics text, with the `_bucket`, `_sum` and `_count` series of histograms and summaries. */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram') {
      for (const suffix of ['_bucket', '_sum', '_count']) {
        names.add(`${name}${suffix}`);
      }
    }
    if (type === 'summary') {
      for (const suffix of ['_sum', '_count']) {
        names.add(`${name}${suffix}`);
      }
    }
  }
  return names;
}

function firing(alertname: string, labels: string): Promise<number> {
  return pollUntil(
    async () => {
      const { result } = await prometheus.query(
        `ALERTS{alertname="${alertname}",alertstate="firing",${labels}}`,
      );
      return result.length > 0 ? result.length : null;
    },
    { timeoutMs: 15_000, intervalMs: 250, description: `${alertname} firing` },
  );
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'drainboard-monitoring-'));
  db = await createTestDatabase();
  const env = { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0', LOG_LEVEL: 'warn' };
  [watcher, stopper] = await Promise.all([
    startApi({ env: { ...env, INSTANCE_ID: 'watcher' } }),
    startApi({ env: { ...env, INSTANCE_ID: 'stopper', DRAIN_DEADLINE_MS: '1500' } }),
  ]);
  prometheus = await startPrometheus(
    workDir,
    [target(watcher), target(stopper)],
    [join(DEPLOY_DIR, 'prometheus/alerts.yml')],
  );
}, 60_000);

afterAll(() => tearDown({ stop: [prometheus], db, dir: workDir }));

describe('deploy/ monitoring with the built API and a real Prometheus', () => {
  it('parses every PromQL expression of the dashboards and alert rules, each naming metrics the API exports', async () => {
    const exported = exportedNames(await (await fetch(`${watcher.adminUrl}/metrics`)).text());
    const queries = [
      ...dashboardQueries().filter((q) => q.datasource === 'prometheus'),
      ...ruleExpressions(),
    ];
    expect(queries.length).toBeGreaterThan(20);
    for (const query of queries) {
      const answer = await prometheus.query(substitutePromqlVariables(query.text));
      expect({ where: query.where, status: answer.status, error: answer.error }).toEqual({
        where: query.where,
        status: 'success',
        error: undefined,
      });
      const names = metricNames(query.text);
      expect({ where: query.where, selectsAMetric: names.length > 0 }).toEqual({
        where: query.where,
        selectsAMetric: true,
      });
      const unknown = names.filter((name) => !exported.has(name) && !PROMETHEUS_OWN.has(name));
      expect({ where: query.where, unknown }).toEqual({ where: query.where, unknown: [] });
    }
  });

  it('counts a stop that hit its deadline and fires the alerts, although the stopped process is gone', async () => {
    // The watcher's zero-valued series are in Prometheus before the stop, so increase() sees the step.
    await pollUntil(
      async () =>
        (
          await prometheus.query(
            `count_over_time(drainboard_recorded_deadline_hits_total{kind="stop",instance="${target(watcher)}"}[1m]) >= 2`,
          )
        ).result.length > 0,
      { timeoutMs: 15_000, intervalMs: 250, description: 'two scrapes of the recorded counters' },
    );
    const stream = await fetch(`${stopper.trafficUrl}/demo/stream?ms=20000`);
    const body = stream.text().catch(() => 'cut off');
    const exit = await stopper.stop('SIGTERM');
    expect(exit.code).toBe(1);
    await body;

    await firing('DrainboardDrainDeadlineHit', 'kind="stop"');
    await firing('DrainboardRequestsCutOff', 'kind="stop",result="aborted"');
    // Counted once, from the recorded totals, while nothing came from the stopped process itself (it is down).
    const counted = await pollUntil(
      async () => {
        const { result } = await prometheus.query(
          'round(max(increase(drainboard_recorded_runs_total{kind="stop",outcome="aborted"}[1m])))',
        );
        const values = result.map((sample) => Number(sample.value[1]));
        return values.some((value) => value >= 1) ? values : null;
      },
      { timeoutMs: 10_000, intervalMs: 250, description: 'the stop counted in Prometheus' },
    );
    expect(counted).toEqual([1]);
    await pollUntil(
      async () => (await prometheus.query(`up{instance="${target(stopper)}"} == 0`)).result.length === 1,
      { timeoutMs: 10_000, intervalMs: 250, description: 'the stopped instance down in Prometheus' },
    );
  }, 60_000);
});
