import { formatDuration, formatTimestamp } from './format.js';

/** One fact of a stage, for people. */
export interface DetailLine {
  label: string;
  value: string;
}

const LABELS: Record<string, string> = {
  source: 'Triggered by',
  signal: 'Signal',
  reason: 'Reason',
  userAgent: 'User agent',
  ip: 'From address',
  inFlight: 'Requests in flight',
  jobsRunning: 'Background jobs running',
  connections: 'Connections',
  deadlineMs: 'Deadline',
  lbDelayMs: 'Load-balancer delay',
  waitedMs: 'Waited',
  jobsPaused: 'Scheduled jobs paused',
  address: 'Listener',
  openConnections: 'Connections still open',
  atStart: 'Pending at start',
  left: 'Left at the end',
  abortedRequests: 'Requests cut off',
  jobsStillRunning: 'Jobs still running',
  waitedUntil: 'Waited until',
  closers: 'Realtime closers',
  hooks: 'Shutdown hooks',
  persisters: 'Written to',
  code: 'Exit code',
  error: 'Error',
  closeTimedOut: 'Closing timed out',
};

/** `lbDelayMs` -> `Lb delay ms` for keys without a label of their own. */
function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One entry of an array: a hook, closer or persister record (`name: outcome, 12 ms`) or a plain value. */
function describeItem(item: unknown): string {
  if (!isRecord(item)) {
    return describeValue('', item);
  }
  const name = item.hook ?? item.name;
  const parts = [
    typeof item.outcome === 'string' ? item.outcome : null,
    typeof item.durationMs === 'number' ? formatDuration(item.durationMs) : null,
    typeof item.error === 'string' ? item.error : null,
  ].filter((part): part is string => part !== null);
  const rest = Object.entries(item)
    .filter(([key]) => !['hook', 'name', 'outcome', 'durationMs', 'error'].includes(key))
    .map(([key, value]) => `${describeValue(key, value)} ${humanize(key).toLowerCase()}`);
  const head = typeof name === 'string' ? `${name}: ` : '';
  return `${head}${[...parts, ...rest].join(', ')}`;
}

function describeValue(key: string, value: unknown): string {
  if (value === null || value === undefined) {
    return '–';
  }
  if (typeof value === 'boolean') {
    return value ? 'yes' : 'no';
  }
  if (typeof value === 'number') {
    return key.endsWith('Ms') ? formatDuration(value) : String(value);
  }
  if (typeof value === 'string') {
    return /^\d{4}-\d\d-\d\dT/.test(value) ? formatTimestamp(value) : value;
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? 'none' : value.map(describeItem).join('; ');
  }
  if (isRecord(value)) {
    return Object.entries(value)
      .map(([inner, v]) => `${describeValue(inner, v)} ${humanize(inner).toLowerCase()}`)
      .join(', ');
  }
  return JSON.stringify(value);
}

/** A stage's `details` as labelled lines, in the order the engine recorded them. */
export function describeDetails(details: Record<string, unknown>): DetailLine[] {
  return Object.entries(details).map(([key, value]) => ({
    label: LABELS[key] ?? humanize(key),
    value: describeValue(key, value),
  }));
}
