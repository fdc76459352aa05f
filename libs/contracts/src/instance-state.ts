/**
 * Lifecycle states of one instance.
 *
 * `serving` -> `draining` -> `drained` (admin drain: process up, traffic port closed)
 * -> `serving` again on resume; `draining`/`drained` -> `stopping` -> exit.
 */
export const INSTANCE_STATES = ['serving', 'draining', 'drained', 'stopping'] as const;

export type InstanceState = (typeof INSTANCE_STATES)[number];

/** Numeric value of each state for the `drainboard_drain_state` enum gauge. */
export const INSTANCE_STATE_VALUE: Readonly<Record<InstanceState, number>> = {
  serving: 0,
  draining: 1,
  drained: 2,
  stopping: 3,
};
