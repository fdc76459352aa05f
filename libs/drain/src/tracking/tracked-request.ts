import type { IncomingMessage, ServerResponse } from 'node:http';

import type { AbortedRequest, InFlightRequest } from '@drainboard/contracts';

import type { TrackedSocket } from './connection-tracker.js';

/** One request on the traffic server, from its `request` event to `finish`/`close` of its response. */
export interface TrackedRequest {
  seq: number;
  req: IncomingMessage;
  res: ServerResponse;
  conn: TrackedSocket | undefined;
  startedAt: number;
  bytesAtStart: number;
  controller: AbortController | null;
  abortFired: boolean;
  ended: boolean;
}

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/** Route pattern once Express has routed the request, else the path without its query. */
export function routeOf(req: IncomingMessage): string {
  const routed = req as RoutedRequest;
  if (typeof routed.route?.path === 'string') return `${routed.baseUrl ?? ''}${routed.route.path}`;
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Server-sent events are realtime traffic, not in-flight requests. */
export function isEventStream(entry: TrackedRequest): boolean {
  const type = entry.res.getHeader('content-type');
  return typeof type === 'string' && type.startsWith('text/event-stream');
}

export function bytesSent(entry: TrackedRequest): number {
  return Math.max(0, (entry.conn?.socket.bytesWritten ?? 0) - entry.bytesAtStart);
}

export function toInFlight(entry: TrackedRequest): InFlightRequest {
  return {
    id: String(entry.seq),
    method: entry.req.method ?? 'GET',
    route: routeOf(entry.req),
    startedAt: new Date(entry.startedAt).toISOString(),
    bytesWritten: bytesSent(entry),
  };
}

export function toAborted(entry: TrackedRequest, now: number): AbortedRequest {
  return {
    method: entry.req.method ?? 'GET',
    route: routeOf(entry.req),
    ageMs: Math.round(now - entry.startedAt),
    bytesSent: bytesSent(entry),
    kind: 'aborted',
  };
}
