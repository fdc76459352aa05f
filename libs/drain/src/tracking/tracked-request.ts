import type { IncomingMessage, ServerResponse } from 'node:http';

import type { AbortedRequest, InFlightRequest } from '@drainboard/contracts';


/**
 * One request on the traffic server, from its start to the end of its response (and of its body), or the close
 * of its socket. Kept to the fields that cannot be derived (its socket's record is found from `req.socket`).
 */
export interface TrackedRequest {
  seq: number;
  req: IncomingMessage;
  res: ServerResponse;
  startedAt: number;
  bytesAtStart: number;
  /**
   * Its AbortController, created on the first `getRequestAbortSignal()` for this request; `FIRED` when the
   * signal fired before any was asked for (an aborted one is then handed out).
   */
  controller: AbortController | typeof FIRED | null;
}

/** `TrackedRequest.controller` of a request whose AbortSignal fired before the handler asked for it. */
export const FIRED = 'fired';

/** Whether the request's AbortSignal has fired (the drain deadline was near while it was in flight). */
export function abortFired(entry: TrackedRequest): boolean {
  return entry.controller === FIRED || (entry.controller?.signal.aborted ?? false);
}

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/** Route pattern once Express has routed the request, else the path without its query. */
export function routeOf(req: IncomingMessage): string {
  const routed = req as RoutedRequest;
  if (typeof routed.route?.path === 'string') {
    return `${routed.baseUrl ?? ''}${routed.route.path}`;
  }
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Server-sent events are realtime traffic, not in-flight requests. */
export function isEventStream(entry: TrackedRequest): boolean {
  const type = entry.res.getHeader('content-type');
  if (typeof type === 'string') {
    return type.startsWith('text/event-stream');
  }
  // Headers passed whole to writeHead() (Fastify does) are only in the head already written.
  const head = (entry.res as ServerResponse & { _header?: unknown })._header;
  return typeof head === 'string' && /\r\ncontent-type: *text\/event-stream/i.test(head);
}

/**
 * An engine.io (socket.io) HTTP long-polling request: held open by design until the server has a packet,
 * so it is realtime traffic, never in flight. Every engine.io request names its protocol version and
 * transport in the query (`EIO=4&transport=polling`), whatever path the server is mounted on.
 */
export function isLongPoll(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  return /[?&]EIO=\d/.test(url) && /[?&]transport=polling(&|$)/.test(url);
}

/** Realtime requests (SSE streams, long-polls) are closed by close-realtime, not waited for. */
export const isRealtime = (entry: TrackedRequest): boolean => isLongPoll(entry.req) || isEventStream(entry);

export function bytesSent(entry: TrackedRequest): number {
  return Math.max(0, entry.req.socket.bytesWritten - entry.bytesAtStart);
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
