/**
 * How a socket of the traffic server ended:
 * - `idleFin`: idle when closing began (or at the end of its last call); the server sent a FIN.
 * - `afterLastResponse`: closed by the server right after its last response (`Connection: close`).
 * - `cutAtDeadline`: destroyed at the deadline; the stage says why.
 * - `closedByClient`: the client closed or reset it first.
 * - `realtime`: an upgraded (WebSocket) or server-sent-events socket, handed to `close-realtime`.
 * - `other`: ended by something else (Node's keep-alive or headers timeout, the host app).
 */
export const SOCKET_ENDINGS = [
  'idleFin',
  'afterLastResponse',
  'cutAtDeadline',
  'closedByClient',
  'realtime',
  'other',
] as const;
export type SocketEnding = (typeof SOCKET_ENDINGS)[number];

/** Cumulative counts since the server was attached: sockets accepted, and closed by how they ended. */
export interface SocketLedger {
  accepted: number;
  closed: Record<SocketEnding, number>;
}

export function emptyLedger(): SocketLedger {
  const closed = Object.fromEntries(SOCKET_ENDINGS.map((k) => [k, 0])) as Record<SocketEnding, number>;
  return { accepted: 0, closed };
}

/** What happened between two ledger readings. */
export function ledgerDelta(from: SocketLedger, to: SocketLedger): SocketLedger {
  const delta = emptyLedger();
  delta.accepted = to.accepted - from.accepted;
  for (const kind of SOCKET_ENDINGS) {
    delta.closed[kind] = to.closed[kind] - from.closed[kind];
  }
  return delta;
}

export const closedTotal = (ledger: SocketLedger): number =>
  SOCKET_ENDINGS.reduce((sum, kind) => sum + ledger.closed[kind], 0);
