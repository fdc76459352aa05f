// The request counters and histograms of /metrics match what a load generator counted on its side: the metrics
// are aggregated per request with plain numbers and folded into Prometheus series at scrape time, and that must
// never lose, double or mislabel a request.
import autocannon from 'autocannon';

import { pollUntil } from '@drainboard/test-support';

import { send } from './support/admin-http.js';
import { type ApiProcess, startApi } from './support/api-process.js';
import { useTestDatabase } from './support/test-database.js';

const db = useTestDatabase();
let api: ApiProcess;

beforeAll(async () => {
  api = await startApi({ env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0', LOG_LEVEL: 'warn' } });
});

/** Every sample of `metric` as `labels -> value` (labels as printed between the braces). */
function samples(text: string, metric: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (match?.[1] === metric) {
      found.set(match[2]!, Number(match[3]));
    }
  }
  return found;
}

const FAST = 'method="GET",route="/demo/fast",status_code="200"';
const SLOW = 'method="GET",route="/demo/slow",status_code="200"';
const MISSING = 'method="GET",route="unmatched",status_code="404"';

describe('/metrics against a load generator', () => {
  it('counts exactly the requests the load generator made, by route and status, in counter and histogram', async () => {
    const fast = await autocannon({ url: `${api.trafficUrl}/demo/fast`, connections: 8, amount: 1500 });
    const missing = await autocannon({ url: `${api.trafficUrl}/no/such/route`, connections: 4, amount: 300 });
    const slow = await autocannon({ url: `${api.trafficUrl}/demo/slow?ms=120`, connections: 10, amount: 40 });
    expect([fast['2xx'], fast.errors]).toEqual([1500, 0]);
    expect([missing['4xx'], missing.errors]).toEqual([300, 0]);
    expect([slow['2xx'], slow.errors]).toEqual([40, 0]);
    const expected = new Map([
      [FAST, 1500],
      [MISSING, 300],
      [SLOW, 40],
    ]);

    // A response's last byte can reach the client just before the server sees it finish: wait for the total.
    const text = await pollUntil(async () => {
      const t = (await send(`${api.adminUrl}/metrics`)).text;
      const total = [...samples(t, 'http_server_requests_total').values()].reduce((a, b) => a + b, 0);
      return total >= 1840 && t;
    });
    expect(samples(text, 'http_server_requests_total')).toEqual(expected);
    expect(samples(text, 'http_server_request_duration_seconds_count')).toEqual(expected);
    const buckets = samples(text, 'http_server_request_duration_seconds_bucket');
    for (const [labels, count] of expected) {
      expect(buckets.get(`le="+Inf",${labels}`)).toBe(count);
    }
    // Every slow request took at least 120 ms, every bucket is cumulative and ends at the count.
    expect(buckets.get(`le="0.1",${SLOW}`)).toBe(0);
    for (const labels of expected.keys()) {
      const series = [...buckets].filter(([key]) => key.endsWith(labels)).map(([, value]) => value);
      expect(series).toEqual([...series].sort((a, b) => a - b));
    }
    const sums = samples(text, 'http_server_request_duration_seconds_sum');
    expect(sums.get(SLOW)).toBeGreaterThanOrEqual(40 * 0.12);
  }, 60_000);
});
