import type { InstanceState } from '@drainboard/contracts';

/** An operator action on the instance. */
export type DrainAction = 'drain' | 'resume' | 'stop';

/** Which actions the admin API accepts in `state` (others would answer 409). */
export function availableActions(state: InstanceState | null): ReadonlySet<DrainAction> {
  switch (state) {
    case 'serving':
      return new Set<DrainAction>(['drain', 'stop']);
    case 'draining':
    case 'drained':
      return new Set<DrainAction>(['resume', 'stop']);
    case 'stopping':
    case null:
      return new Set<DrainAction>();
  }
}
