import type { Socket } from 'node:net';

import type { AbortedRequest } from '@drainboard/contracts';

import type { ConnectionTracker, TrackedSocket } from './connection-tracker.js';
import { toAborted } from './tracked-request.js';
import type { TrafficServer } from './traffic-server.js';

/** Route recorded for a request whose head had not fully arrived at the deadline. */
export const INCOMPLETE_HEAD_ROUTE = '(incomplete request head)';

/** What the deadline cut: the aborted requests, why each socket was still open, and their closes. */
export interface DeadlineCut {
  aborted: AbortedRequest[];
  cutReasons: Record<string, number>;
  /** Incomplete heads: what is known of each (age from their first byte, bytes received). */
  incompleteHeads: Array<{ ageMs: number; bytesReceived: number }>;
  /** Settles once every destroyed socket has closed. */
  closed: Promise<unknown>;
}

function whyOpen(connections: ConnectionTracker, conn: TrackedSocket): string {
  if (conn.request) {
    return 'request in flight';
  }
  const partial = connections.receiving(conn);
  if (partial) {
    return partial.headComplete ? 'request body incomplete' : 'request head incomplete';
  }
  return conn.endedBy ? 'client did not close after the FIN' : 'idle';
}

const whenClosed = (socket: Socket): Promise<void> =>
  socket.closed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));

/**
 * Destroys every plain HTTP socket still open at the deadline (realtime ones are left to
 * close-realtime) and lists what was lost: in-flight requests, and heads that never completed.
 */
export function cutAtDeadline(traffic: TrafficServer, now: number): DeadlineCut {
  const { connections } = traffic;
  const inFlight = traffic.requests.inFlight();
  const cut: DeadlineCut = {
    aborted: inFlight.map((entry) => toAborted(entry, now)),
    cutReasons: {},
    incompleteHeads: [],
    closed: Promise.resolve(),
  };
  const closing: Array<Promise<void>> = [];
  for (const conn of [...connections.sockets.values()]) {
    if (connections.isRealtime(conn)) {
      continue;
    }
    const reason = whyOpen(connections, conn);
    const partial = reason === 'request head incomplete' ? connections.receiving(conn) : null;
    if (partial) {
      const ageMs = Math.round(partial.ageMs);
      cut.aborted.push({ method: '-', route: INCOMPLETE_HEAD_ROUTE, ageMs, bytesSent: 0 });
      cut.incompleteHeads.push({ ageMs, bytesReceived: partial.bytesReceived });
    }
    cut.cutReasons[reason] = (cut.cutReasons[reason] ?? 0) + 1;
    closing.push(whenClosed(conn.socket));
    connections.cut(conn);
  }
  // A request the connection tracker never saw a socket for still has one to destroy.
  for (const entry of inFlight) {
    if (!connections.get(entry.req.socket)) {
      entry.req.socket.destroy();
    }
  }
  cut.closed = Promise.all(closing);
  return cut;
}
