import { PERSIST_TIMEOUT_MS } from '../../src/admin/runs/run-recorder.service.js';
import { FINAL_CLOSE_TIMEOUT_MS } from '../../src/bootstrap/boot.js';
import type { AppConfig } from '../../src/shared/config/app-config.js';

/** Headroom kept above the longest stop, for a busy node (scheduling, GC, the kubelet's own timing). */
export const STOP_MARGIN_MS = 2000;

/**
 * The longest a stop can take from SIGTERM to exit with `config`: the drain deadline (which already includes
 * the LB delay, and bounds the shutdown hooks), then persisting the run, then closing the admin port and the
 * database. An orchestrator's grace period must be above this plus a margin, or its SIGKILL ends the drain.
 */
export function longestStopMs(config: Pick<AppConfig, 'drainDeadlineMs'>): number {
  return config.drainDeadlineMs + PERSIST_TIMEOUT_MS + FINAL_CLOSE_TIMEOUT_MS;
}
