// Retention as the queue writes it, in the same terms as the "Stale below" threshold.

/**
 * A fraction of strength (0..1) as a percent. Rounded down, so that a memory flagged stale
 * below 10% never reads "10%".
 */
export function formatRetention(r: number): string {
  const pct = Math.max(0, r) * 100;
  if (pct >= 1) return `${Math.floor(pct)}%`;
  if (pct >= 0.1) return `${(Math.floor(pct * 10) / 10).toFixed(1)}%`;
  return '<0.1%';
}

/** The threshold, a whole percent, written as retention is. */
export function formatThreshold(percent: number): string {
  return `${percent}%`;
}
