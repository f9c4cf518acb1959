// Binning memories by time for the timeline: one pass into a typed array, so 100k memories bin in
// a few milliseconds and redrawing the canvas never touches the memories again.

export interface Histogram {
  start: number;
  end: number;
  /** Width of one bin in ms. */
  step: number;
  counts: Uint32Array;
  max: number;
}

/** Bins instants (ms since the epoch) into `bins` equal bins spanning their range. */
export function histogram(times: ArrayLike<number>, bins: number): Histogram | null {
  let start = Infinity;
  let end = -Infinity;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!Number.isFinite(t)) continue;
    if (t < start) start = t;
    if (t > end) end = t;
  }
  if (!Number.isFinite(start)) return null;
  // A single instant still gets a visible span (one day either side).
  if (end - start < 1) {
    start -= 86_400_000;
    end += 86_400_000;
  }
  const step = (end - start) / bins;
  const counts = new Uint32Array(bins);
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!Number.isFinite(t)) continue;
    counts[Math.min(bins - 1, Math.floor((t - start) / step))]++;
  }
  let max = 0;
  for (let i = 0; i < bins; i++) if (counts[i] > max) max = counts[i];
  return { start, end, step, counts, max };
}

/** Rounds a brushed range outward to whole bins, so the filter matches the bars that look selected. */
export function snapRange(h: Histogram, a: number, b: number): [number, number] {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const i = Math.max(0, Math.floor((lo - h.start) / h.step));
  const j = Math.min(h.counts.length, Math.ceil((hi - h.start) / h.step));
  return [h.start + i * h.step, h.start + Math.max(j, i + 1) * h.step];
}
