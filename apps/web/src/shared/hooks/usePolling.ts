import { useEffect, useState } from 'react';

/** Result of a polled call: the latest value and the latest failure (cleared by the next success). */
export interface Polled<T> {
  value: T | null;
  error: unknown;
}

/**
 * Calls `load` now and every `intervalMs` while `enabled` (one call at a time); a change of `load` restarts it.
 * Keeps the last value through failures so the page does not flicker.
 */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number, enabled: boolean): Polled<T> {
  const [state, setState] = useState<Polled<T>>({ value: null, error: null });
  useEffect(() => {
    if (!enabled) {
      return;
    }
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const value = await load();
        if (!stopped) {
          setState({ value, error: null });
        }
      } catch (error) {
        if (!stopped) {
          setState((previous) => ({ value: previous.value, error }));
        }
      }
      if (!stopped) {
        timer = setTimeout(() => void tick(), intervalMs);
      }
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [load, intervalMs, enabled]);
  return state;
}
