import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { send } from './support/admin-http.js';
import { startApi } from './support/api-process.js';
import { useTestDatabase } from './support/test-database.js';

const DASHBOARD = resolve(__dirname, '../../../deploy/grafana/dashboards/drainboard.json');
const HISTOGRAM_SUFFIX = /_(bucket|sum|count)$/;

const db = useTestDatabase();

/** Metric names used in the dashboard's PromQL queries. */
function dashboardMetrics(): string[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: Array<{ targets: Array<{ expr: string }> }>;
  };
  const exprs = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
  return [...new Set(exprs.flatMap((expr) => expr.match(/\b(?:drainboard|http_server)_\w+/g) ?? []))];
}

describe('the Grafana dashboard (deploy/grafana)', () => {
  it('only queries metrics the API exports on /metrics', async () => {
    const api = await startApi({ env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0' } });
    await send(`${api.trafficUrl}/demo/fast`);
    const exposition = (await send(`${api.adminUrl}/metrics`)).text;
    await api.stop();

    const declared = new Set([...exposition.matchAll(/^# TYPE (\S+) (\w+)$/gm)].map((match) => match[1]));
    const missing = dashboardMetrics().filter(
      (name) => !declared.has(name) && !declared.has(name.replace(HISTOGRAM_SUFFIX, '')),
    );
    expect(dashboardMetrics().length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });
});
