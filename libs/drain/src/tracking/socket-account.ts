import type { DrainContext } from '../run/drain-context.js';
import { ledgerDelta, type SocketEnding, type SocketLedger } from './socket-ledger.js';

/** A reading of the traffic server's sockets: cumulative ledger and how many were open. */
export interface SocketReading {
  ledger: SocketLedger;
  open: number;
}

/** How every socket of the traffic server ended during a run; the counts add up. */
export interface SocketAccount {
  /** Where counting starts: the trigger when it recorded a reading, else the drain-requests stage. */
  countedFrom: 'trigger' | 'drain-requests';
  openAtStart: number;
  acceptedSince: number;
  closed: Record<SocketEnding, number>;
  /** Still open when the stage ended: realtime ones go to close-realtime. */
  stillOpen: { http: number; realtime: number };
  /** Why the sockets cut at the deadline were still open. */
  cutReasons: Record<string, number>;
}

/** The reading the trigger stage records in its details (`sockets`), if it did. */
function triggerReading(ctx: DrainContext): SocketReading | null {
  const details = ctx.run.stages.find((stage) => stage.name === 'trigger')?.details as
    { sockets?: SocketReading } | undefined;
  const reading = details?.sockets;
  return reading && typeof reading.open === 'number' && reading.ledger ? reading : null;
}

/** openAtStart + acceptedSince = sum(closed) + stillOpen.http + stillOpen.realtime, by construction. */
export function socketAccount(
  ctx: DrainContext,
  atStage: SocketReading,
  cutReasons: Record<string, number>,
): SocketAccount {
  const fromTrigger = triggerReading(ctx);
  const base = fromTrigger ?? atStage;
  const delta = ledgerDelta(base.ledger, ctx.traffic.connections.ledger());
  const counts = ctx.traffic.connections.counts();
  return {
    countedFrom: fromTrigger ? 'trigger' : 'drain-requests',
    openAtStart: base.open,
    acceptedSince: delta.accepted,
    closed: delta.closed,
    stillOpen: { http: counts.idle + counts.busy, realtime: counts.realtime },
    cutReasons,
  };
}
