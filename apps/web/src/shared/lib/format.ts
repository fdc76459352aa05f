/** Formats a duration in ms for people: `850 ms`, `4.2 s`, `3 min 05 s`. Negative or invalid input shows `–`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) {
    return '–';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(1)} s`;
  }
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** Age in ms of something that started at `startedAt` (ISO-8601), measured at `now` (ms); never negative. */
export function ageMs(startedAt: string, now: number): number {
  const started = Date.parse(startedAt);
  return Number.isNaN(started) ? 0 : Math.max(0, now - started);
}

/** Local date and time of an ISO-8601 timestamp, or `–`. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) {
    return '–';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '–' : date.toLocaleString();
}

/** A rate per second with at most one decimal: `12.5/s`. */
export function formatRate(perSecond: number): string {
  return `${Math.round(perSecond * 10) / 10}/s`;
}

/** How long ago `iso` was at `now` (ms), for people: `just now`, `12 s ago`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function formatRelative(iso: string | null | undefined, now: number): string {
  const at = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(at)) {
    return '–';
  }
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 0) {
    return 'in the future';
  }
  if (seconds < 5) {
    return 'just now';
  }
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ago`;
  }
  if (seconds < 86_400) {
    return `${Math.floor(seconds / 3600)} h ago`;
  }
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** Local time of day of an ISO-8601 timestamp (`14:03:07`), or `–`. */
export function formatClock(iso: string | null | undefined): string {
  if (!iso) {
    return '–';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '–' : date.toLocaleTimeString();
}

/** `1 request`, `3 requests`. */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
