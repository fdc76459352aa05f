/** Options of `pollUntil`. */
export interface PollOptions {
  /** Give up after this long (default 10000). */
  timeoutMs?: number;
  /** Wait between attempts (default 25). */
  intervalMs?: number;
  /** Shown in the timeout error. */
  description?: string;
}

/**
 * Calls `fn` until it returns a value other than `undefined`, `null` or `false` and returns that value;
 * an attempt that throws counts as not yet. Rejects with the last error once `timeoutMs` has passed.
 */
export async function pollUntil<T>(
  fn: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 25, description = 'condition' }: PollOptions = {},
): Promise<Exclude<T, undefined | null | false>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false) {
        return value as Exclude<T, undefined | null | false>;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`pollUntil: ${description} not met within ${timeoutMs} ms${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
