import type { DrainRun, DrainRunKind, DrainRunOutcome } from '@drainboard/contracts';

/** The history's filters; null means any. */
export interface RunFilters {
  kind: DrainRunKind | null;
  outcome: DrainRunOutcome | null;
  instanceId: string | null;
}

export const NO_FILTERS: RunFilters = { kind: null, outcome: null, instanceId: null };

/** Runs matching every set filter, in their order. */
export function filterRuns(runs: readonly DrainRun[], filters: RunFilters): DrainRun[] {
  return runs.filter(
    (run) =>
      (filters.kind === null || run.kind === filters.kind) &&
      (filters.outcome === null || run.outcome === filters.outcome) &&
      (filters.instanceId === null || run.instanceId === filters.instanceId),
  );
}

/** The distinct values of one field among `runs`, sorted (the choices of a filter). */
export function choices<K extends 'kind' | 'outcome' | 'instanceId'>(
  runs: readonly DrainRun[],
  key: K,
): DrainRun[K][] {
  return [...new Set(runs.map((run) => run[key]))].sort();
}
