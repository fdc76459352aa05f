import type { DrainRunKind, DrainRunOutcome } from '@drainboard/contracts';

/** The history's filters, applied by the API to the whole history (`GET /admin/runs`); null means any. */
export interface RunFilters {
  kind: DrainRunKind | null;
  outcome: DrainRunOutcome | null;
  instanceId: string | null;
}

export const NO_FILTERS: RunFilters = { kind: null, outcome: null, instanceId: null };

/** The shape of an instance id, as the API accepts it in `instance=`. */
const INSTANCE_ID = /^[\w.:-]{1,128}$/;

/** True for a string the API accepts as an instance id. */
export function isInstanceId(value: string): boolean {
  return INSTANCE_ID.test(value);
}

/** True when at least one filter is set. */
export function hasFilters(filters: RunFilters): boolean {
  return filters.kind !== null || filters.outcome !== null || filters.instanceId !== null;
}

/** The query parameters of `GET /admin/runs` for these filters (only the set ones). */
export function runsQuery(filters: RunFilters): {
  kind?: DrainRunKind;
  outcome?: DrainRunOutcome;
  instance?: string;
} {
  return {
    ...(filters.kind !== null && { kind: filters.kind }),
    ...(filters.outcome !== null && { outcome: filters.outcome }),
    ...(filters.instanceId !== null && { instance: filters.instanceId }),
  };
}

/** `known` plus `ids`, sorted, without repeats (the instance filter's suggestions); `known` itself if none is new. */
export function withInstances(known: readonly string[], ids: readonly string[]): readonly string[] {
  const all = new Set([...known, ...ids]);
  return all.size === known.length ? known : [...all].sort();
}
