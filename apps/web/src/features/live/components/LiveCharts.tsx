import type { CounterSample, DrainRun } from '@drainboard/contracts';

import { runMarkers } from '../lib/chart-markers.js';
import { type ChartSeries, TimeChart } from './TimeChart.js';

const COLORS = {
  blue: '#1f5fbf',
  green: '#1f7a3f',
  orange: '#a34f00',
  purple: '#6b3fa0',
  red: '#b3261e',
  gray: '#5c6370',
};

function summary(label: string, unit: string, values: readonly number[]): string {
  if (values.length === 0) {
    return `${label}: no samples yet.`;
  }
  const now = values.at(-1) ?? 0;
  return `${label}: ${now} ${unit} now, at most ${Math.max(...values)} ${unit} over the last ${values.length} s.`;
}

/** In flight, throughput, connections by state and responses by status class over the last two minutes. */
export function LiveCharts({ samples, run }: { samples: CounterSample[]; run: DrainRun | null }) {
  const times = samples.map((s) => Date.parse(s.at) / 1000);
  const markers = runMarkers(run);
  const series = (label: string, color: string, pick: (s: CounterSample) => number): ChartSeries => ({
    label,
    color,
    values: samples.map(pick),
  });
  const inFlight = samples.map((s) => s.inFlight);
  const throughput = samples.map((s) => s.throughput);
  const sockets = samples.map((s) => s.openConnections);
  const errors = samples.map((s) => s.responses['5xx']);
  return (
    <div className="charts">
      <TimeChart
        title="In flight"
        unit="requests"
        times={times}
        markers={markers}
        series={[series('In flight', COLORS.blue, (s) => s.inFlight)]}
        summary={summary('Requests in flight', 'requests', inFlight)}
      />
      <TimeChart
        title="Throughput"
        unit="req/s"
        times={times}
        markers={markers}
        series={[series('Finished', COLORS.green, (s) => s.throughput)]}
        summary={summary('Requests finished per second', 'req/s', throughput)}
      />
      <TimeChart
        title="Connections by state"
        unit="sockets"
        times={times}
        markers={markers}
        series={[
          series('Busy', COLORS.blue, (s) => s.connections.busy),
          series('Idle', COLORS.gray, (s) => s.connections.idle),
          series('Realtime', COLORS.purple, (s) => s.connections.realtime),
        ]}
        summary={summary('Open traffic sockets', 'sockets', sockets)}
      />
      <TimeChart
        title="Responses by status class"
        unit="resp/s"
        times={times}
        markers={markers}
        series={[
          series('2xx', COLORS.green, (s) => s.responses['2xx']),
          series('3xx', COLORS.gray, (s) => s.responses['3xx']),
          series('4xx', COLORS.orange, (s) => s.responses['4xx']),
          series('5xx', COLORS.red, (s) => s.responses['5xx']),
        ]}
        summary={summary('Server errors (5xx) per second', 'resp/s', errors)}
      />
    </div>
  );
}
