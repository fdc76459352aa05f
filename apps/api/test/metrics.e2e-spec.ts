import { pollUntil } from '@drainboard/test-support';

import { send, sendJson } from './support/admin-http.js';
import { type ApiProcess, startApi } from './support/api-process.js';
import { useTestDatabase } from './support/test-database.js';

const db = useTestDatabase();
let api: ApiProcess;

beforeAll(async () => {
  api = await startApi({ env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0' } });
});

/** The value of one sample line (`name{labels} value`), or null when the series is absent. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

/** Sum of `drainboard_drain_runs_total` over every outcome of one kind. */
function runsOfKind(text: string, kind: string): number {
  const lines = text.split('\n').filter((l) => l.startsWith(`drainboard_drain_runs_total{kind="${kind}",`));
  return lines.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

const scrape = async (): Promise<string> => (await send(`${api.adminUrl}/metrics`)).text;

describe('GET /metrics', () => {
  it('is public and in the Prometheus text format', async () => {
    const res = await send(`${api.adminUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/^# HELP process_cpu_user_seconds_total /m);
  });

  it('counts traffic requests by method, route and status code', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await send(`${api.trafficUrl}/demo/fast`)).status).toBe(200);
    }
    const text = await pollUntil(async () => {
      const t = await scrape();
      return (
        sample(t, 'http_server_requests_total{method="GET",route="/demo/fast",status_code="200"}') === 3 && t
      );
    });
    const count =
      'http_server_request_duration_seconds_count{method="GET",route="/demo/fast",status_code="200"}';
    expect(sample(text, count)).toBe(3);
    expect(sample(text, 'drainboard_drain_state')).toBe(0);
    expect(sample(text, 'drainboard_drain_state_info{state="serving"}')).toBe(1);
  });

  it('reports the drain state and stage durations of a drain, then serving again after resume', async () => {
    const drain = await sendJson(`${api.adminUrl}/admin/drain`, { reason: 'metrics' }, { token: api.token });
    expect(drain.status).toBe(202);
    const text = await pollUntil(async () => {
      const t = await scrape();
      return sample(t, 'drainboard_drain_state') === 2 && t;
    });
    expect(sample(text, 'drainboard_drain_state_info{state="drained"}')).toBe(1);
    expect(sample(text, 'drainboard_drain_state_info{state="serving"}')).toBe(0);
    expect(sample(text, 'drainboard_drain_stage_duration_seconds_count{stage="close-listener"}')).toBe(1);
    expect(sample(text, 'drainboard_drain_stage_duration_seconds_count{stage="app-hooks"}')).toBe(0);
    expect(sample(text, 'http_server_active_requests')).toBe(0);

    const resumed = await send(`${api.adminUrl}/admin/resume`, { method: 'POST', token: api.token });
    expect(resumed.status).toBe(200);
    const after = await scrape();
    expect(sample(after, 'drainboard_drain_state')).toBe(0);
    expect(runsOfKind(after, 'drain')).toBe(1);
  });
});
