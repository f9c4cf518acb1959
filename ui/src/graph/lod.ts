// Level of detail for large graphs: when zoomed far out, draw only the best-connected and most
// important memories, and the edges between them. Levels are computed once per snapshot so that the
// reducers only compare two numbers.

/** Below this many nodes everything is always drawn. */
export const LOD_MIN_NODES = 20_000;

/**
 * How many nodes each level adds, as shares of the whole graph: level 0 is the top 10%, and so on.
 * The last level is everything that remains.
 */
const LEVEL_SHARES = [0.1, 0.15, 0.3];

/** Level (0 = always visible) of every node, from its degree and importance. */
export function lodLevels(degree: ArrayLike<number>, importance: ArrayLike<number>): Uint8Array {
  const n = degree.length;
  const levels = new Uint8Array(n);
  if (n < LOD_MIN_NODES) return levels;
  // Rank by a score where importance counts like a few extra links; a float sort is fast at 1e5.
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) score[i] = Math.log1p(degree[i]) + 2 * importance[i] + i * 1e-12;
  const sorted = Float64Array.from(score).sort().reverse();
  const thresholds: number[] = [];
  let share = 0;
  for (const s of LEVEL_SHARES) {
    share += s;
    thresholds.push(sorted[Math.min(n - 1, Math.floor(n * share))]);
  }
  for (let i = 0; i < n; i++) {
    let level = 0;
    while (level < thresholds.length && score[i] <= thresholds[level]) level++;
    levels[i] = level;
  }
  return levels;
}

/**
 * The deepest level drawn at a camera ratio (1 = whole graph in view; smaller = zoomed in). Zooming
 * in by 2 shows a quarter of the area, so roughly four times the share of nodes can be afforded.
 */
export function maxLevelForRatio(ratio: number, order: number): number {
  if (order < LOD_MIN_NODES) return Infinity;
  if (ratio >= 0.6) return 0;
  if (ratio >= 0.3) return 1;
  if (ratio >= 0.15) return 2;
  return Infinity;
}
