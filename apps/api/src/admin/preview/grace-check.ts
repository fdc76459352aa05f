import type { EstimateSource, GraceCheck, RouteEstimate } from '@drainboard/contracts';

/** An estimate's source in words, for log lines and warnings. */
export const SOURCE_WORDS: Record<EstimateSource, string> = {
  live: 'this process',
  history: 'stored history',
  blended: 'this process and stored history',
};

/** Time a stop needs after the drain deadline to persist the run and exit. */
export const STOP_MARGIN_MS = 1000;

/** What the grace check compares. */
export interface GraceInput {
  deadlineMs: number;
  lbDelayMs: number;
  hooksBudgetMs: number;
  gracePeriodMs: number | null;
  /** Recent route durations, slowest first (see RouteDurations.estimates). */
  routes: readonly RouteEstimate[];
}

/**
 * Checks that LB delay + the longest expected request (p90 of the slowest route) + the hooks' budget fit the
 * deadline, and that the deadline (plus STOP_MARGIN_MS to persist and exit) and that sum fit the orchestrator's
 * grace period, which would otherwise SIGKILL the process before the drain records its cut-offs.
 */
export function graceCheck(input: GraceInput): GraceCheck {
  const { deadlineMs, lbDelayMs, hooksBudgetMs, gracePeriodMs } = input;
  const slowest = input.routes.find((route) => route.p90Ms !== null);
  const longestExpectedMs = slowest?.p90Ms ?? 0;
  const requiredMs = lbDelayMs + longestExpectedMs + hooksBudgetMs;
  const fitsDeadline = requiredMs <= deadlineMs;
  const warnings: string[] = [];
  if (!fitsDeadline) {
    const longest = slowest
      ? ` + longest expected request ${longestExpectedMs} ms (${slowest.route}, from ${SOURCE_WORDS[slowest.source]})`
      : '';
    warnings.push(
      `LB delay ${lbDelayMs} ms${longest} + hooks ${hooksBudgetMs} ms = ${requiredMs} ms does not fit the ` +
        `drain deadline of ${deadlineMs} ms: raise DRAIN_DEADLINE_MS or expect requests to be cut.`,
    );
  }
  let fitsGracePeriod: boolean | null = null;
  if (gracePeriodMs !== null) {
    const needed = Math.max(deadlineMs, requiredMs) + STOP_MARGIN_MS;
    fitsGracePeriod = needed <= gracePeriodMs;
    if (!fitsGracePeriod) {
      warnings.push(
        `A stop may take ${needed} ms (deadline ${deadlineMs} ms, needed ${requiredMs} ms, plus ${STOP_MARGIN_MS} ms ` +
          `to persist and exit) but the grace period is ${gracePeriodMs} ms: the orchestrator would kill the ` +
          `process first. Lower DRAIN_DEADLINE_MS or raise the grace period.`,
      );
    }
  }
  return {
    deadlineMs,
    lbDelayMs,
    longestExpectedMs,
    longestExpectedRoute: slowest?.route ?? null,
    longestExpectedSource: slowest?.source ?? null,
    hooksBudgetMs,
    requiredMs,
    gracePeriodMs,
    fitsDeadline,
    fitsGracePeriod,
    warnings,
  };
}

/** The grace check as one log line. */
export function graceLogLine(check: GraceCheck): string {
  const grace =
    check.gracePeriodMs === null
      ? 'no grace period configured (DRAIN_GRACE_PERIOD_MS)'
      : `grace period ${check.gracePeriodMs} ms ${check.fitsGracePeriod ? 'fits' : 'DOES NOT FIT'}`;
  const head =
    `grace check: LB delay ${check.lbDelayMs} ms + longest expected request ${check.longestExpectedMs} ms` +
    `${check.longestExpectedSource ? ` (from ${SOURCE_WORDS[check.longestExpectedSource]})` : ''} + ` +
    `hooks ${check.hooksBudgetMs} ms = ${check.requiredMs} ms ${check.fitsDeadline ? 'fits' : 'DOES NOT FIT'} ` +
    `the deadline of ${check.deadlineMs} ms; ${grace}`;
  return check.warnings.length > 0 ? `${head}. ${check.warnings.join(' ')}` : head;
}
