// What an evaluation shows: the summary measures of one or two configurations side by side, each
// query's outcome (which configuration did better on it), and the recall@k curves as SVG paths.
import type { Evaluation, QueryScore } from '../api/types';

export type MetricKey = 'recall_at_1' | 'recall_at_5' | 'recall_at_10' | 'recall_at_20' | 'mrr' | 'ndcg_at_10';

export const METRICS: readonly { key: MetricKey; label: string; meaning: string }[] = [
  { key: 'recall_at_1', label: 'R@1', meaning: 'Share of the relevant memories found at rank 1' },
  { key: 'recall_at_5', label: 'R@5', meaning: 'Share of the relevant memories found in the top 5' },
  { key: 'recall_at_10', label: 'R@10', meaning: 'Share of the relevant memories found in the top 10' },
  { key: 'recall_at_20', label: 'R@20', meaning: 'Share of the relevant memories found in the top 20' },
  { key: 'mrr', label: 'MRR', meaning: 'Mean of 1 / the rank of the first relevant memory' },
  { key: 'ndcg_at_10', label: 'nDCG@10', meaning: 'Gain of the top 10, discounted by rank, against the best order possible' },
];

/** A measure as the tables show it: three decimals, "—" for none. */
export function fmtMetric(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3);
}

export interface MetricRow {
  key: MetricKey;
  label: string;
  meaning: string;
  values: (number | null)[];
  /** Index of the best value when two configurations differ on it; null on a tie or with one. */
  best: number | null;
  /** Second minus first, when there are two. */
  delta: number | null;
}

export function metricRows(evals: readonly Evaluation[]): MetricRow[] {
  return METRICS.map((m) => {
    const values = evals.map((e) => e[m.key]);
    let best: number | null = null;
    let delta: number | null = null;
    if (values.length === 2 && values[0] !== null && values[1] !== null) {
      delta = values[1] - values[0];
      if (Math.abs(delta) > 1e-9) best = delta > 0 ? 1 : 0;
    }
    return { ...m, values, best, delta };
  });
}

export type Outcome = 'win' | 'loss' | 'tie';

export interface QueryRow {
  query: string;
  a: QueryScore;
  b: QueryScore | null;
  /** For the second configuration against the first: it found the relevant memories higher (win) or lower (loss). */
  outcome: Outcome | null;
}

/** How one query's results compare: nDCG@10 first, then the reciprocal rank, then recall@10. */
export function compareScores(a: QueryScore, b: QueryScore): Outcome {
  const keys = ['ndcg_at_10', 'reciprocal_rank', 'recall_at_10'] as const;
  for (const k of keys) {
    const d = (b[k] ?? 0) - (a[k] ?? 0);
    if (Math.abs(d) > 1e-9) return d > 0 ? 'win' : 'loss';
  }
  return 'tie';
}

/** Each query of the set (in order) with its outcome; the second evaluation is optional. */
export function queryRows(a: Evaluation, b: Evaluation | null): QueryRow[] {
  return a.per_query.map((qa, i) => {
    const qb = b?.per_query[i] ?? null;
    return { query: qa.query, a: qa, b: qb, outcome: qb ? compareScores(qa, qb) : null };
  });
}

export function outcomeCounts(rows: readonly QueryRow[]): Record<Outcome, number> {
  const n = { win: 0, loss: 0, tie: 0 };
  for (const r of rows) if (r.outcome) n[r.outcome] += 1;
  return n;
}

/** "#1, #4" for the ranks a query's relevant memories came at; "not in the top 20" when none did. */
export function fmtFound(s: QueryScore): string {
  return s.found.length ? s.found.map((r) => `#${r}`).join(', ') : 'not in the top 20';
}

export interface ChartBox {
  width: number;
  height: number;
  /** Room left and below for the axes' labels, and around the rest. */
  left: number;
  bottom: number;
  pad: number;
}

/** Where k (1-based, of `n`) and a value in 0..1 land in the chart. */
export function chartPoint(box: ChartBox, n: number, k: number, v: number): { x: number; y: number } {
  const w = box.width - box.left - box.pad;
  const h = box.height - box.bottom - box.pad;
  const x = box.left + (n <= 1 ? 0 : ((k - 1) / (n - 1)) * w);
  const y = box.pad + (1 - Math.max(0, Math.min(1, v))) * h;
  return { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
}

/** An SVG path through a curve's points (recall@k for k = 1..n); gaps (null) break the line. */
export function curvePath(box: ChartBox, curve: readonly (number | null)[]): string {
  let d = '';
  let pen = false;
  curve.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    const p = chartPoint(box, curve.length, i + 1, v);
    d += `${pen ? 'L' : 'M'}${p.x} ${p.y} `;
    pen = true;
  });
  return d.trim();
}
