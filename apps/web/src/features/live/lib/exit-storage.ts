import type { DrainRun } from '@drainboard/contracts';

import type { ProcessExit } from './live-view.js';

const KEY = 'drainboard.lastExit';
/** Above this size the final run is left out (its link and stages are then missing, the sentence is not). */
const MAX_STORED_CHARS = 256 * 1024;

/** Minimal Storage surface (sessionStorage in the console). */
export type ExitStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function isRun(value: unknown): value is DrainRun {
  const run = value as Partial<DrainRun> | null;
  return (
    typeof run === 'object' &&
    run !== null &&
    typeof run.id === 'string' &&
    typeof run.startedAt === 'string' &&
    Array.isArray(run.stages)
  );
}

/**
 * Keeps how the watched process ended, for this tab, so a reload while no process listens still shows it (the
 * token is kept the same way: sessionStorage, this tab only). A store that refuses it only costs that.
 */
export function saveExit(store: ExitStore, exit: ProcessExit): void {
  try {
    const whole = JSON.stringify(exit);
    store.setItem(KEY, whole.length <= MAX_STORED_CHARS ? whole : JSON.stringify({ ...exit, run: null }));
  } catch {
    try {
      store.setItem(KEY, JSON.stringify({ ...exit, run: null }));
    } catch {
      // Full or disabled storage: the exit is shown in this page, just not after a reload.
    }
  }
}

/** The kept exit, or null when there is none or it is not one (a malformed value is dropped). */
export function loadExit(store: ExitStore): ProcessExit | null {
  let value: unknown;
  try {
    value = JSON.parse(store.getItem(KEY) ?? 'null');
  } catch {
    store.removeItem(KEY);
    return null;
  }
  const exit = value as Partial<ProcessExit> | null;
  const valid =
    typeof exit === 'object' &&
    exit !== null &&
    (typeof exit.instanceId === 'string' || exit.instanceId === null) &&
    (typeof exit.code === 'number' || exit.code === null) &&
    typeof exit.at === 'string' &&
    !Number.isNaN(Date.parse(exit.at)) &&
    typeof exit.saidBye === 'boolean';
  if (!valid) {
    if (value !== null) {
      store.removeItem(KEY);
    }
    return null;
  }
  return {
    instanceId: exit.instanceId ?? null,
    code: exit.code ?? null,
    at: exit.at!,
    saidBye: exit.saidBye!,
    run: isRun(exit.run) ? exit.run : null,
  };
}

/** Forgets the kept exit (a process answered, or the user signed out). */
export function clearExit(store: ExitStore): void {
  store.removeItem(KEY);
}
