/** The `q` quantile (0..1, nearest rank) of ascending `sorted` values, rounded to a millisecond; null when empty. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) {
    return null;
  }
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.round(sorted[index] ?? 0);
}
