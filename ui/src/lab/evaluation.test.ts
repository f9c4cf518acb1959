import { describe, expect, it } from 'vitest';
import type { Evaluation, QueryScore } from '../api/types';
import { compareScores, curvePath, chartPoint, fmtFound, fmtMetric, metricRows, outcomeCounts, queryRows } from './evaluation';

const score = (query: string, found: number[], relevant: number, ndcg: number, rr: number, r10: number): QueryScore => ({
  query,
  found,
  relevant,
  ndcg_at_10: ndcg,
  reciprocal_rank: rr,
  recall_at_10: r10,
});

const evaluation = (config: string, per_query: QueryScore[], over: Partial<Evaluation> = {}): Evaluation => ({
  config,
  queries: per_query.length,
  recall_at_1: 0.5,
  recall_at_5: 0.75,
  recall_at_10: 1,
  recall_at_20: 1,
  mrr: 0.6,
  ndcg_at_10: 0.7,
  curve: Array.from({ length: 20 }, (_, i) => Math.min(1, (i + 1) / 10)),
  per_query,
  ...over,
});

describe('evaluation', () => {
  it('puts the measures side by side and marks the better', () => {
    const a = evaluation('standard', []);
    const b = evaluation('graphy', [], { recall_at_1: 0.25, mrr: 0.8 });
    const rows = metricRows([a, b]);
    expect(rows.map((r) => r.label)).toEqual(['R@1', 'R@5', 'R@10', 'R@20', 'MRR', 'nDCG@10']);
    expect(rows[0]).toMatchObject({ values: [0.5, 0.25], best: 0, delta: -0.25 });
    expect(rows[4]).toMatchObject({ best: 1 });
    expect(rows[1]).toMatchObject({ best: null, delta: 0 });
    expect(metricRows([a])[0]).toMatchObject({ values: [0.5], best: null, delta: null });
    expect(fmtMetric(1 / 3)).toBe('0.333');
    expect(fmtMetric(null)).toBe('—');
  });

  it('calls a query a win, a loss or a tie for the second configuration', () => {
    const x = score('q', [2], 1, 0.63, 0.5, 1);
    expect(compareScores(x, score('q', [1], 1, 1, 1, 1))).toBe('win');
    expect(compareScores(x, score('q', [3], 1, 0.5, 0.33, 1))).toBe('loss');
    expect(compareScores(x, { ...x })).toBe('tie');
    // Equal nDCG: the reciprocal rank decides.
    expect(compareScores(score('q', [], 1, 0, 0, 0), score('q', [15], 1, 0, 1 / 15, 0))).toBe('win');
  });

  it('pairs each query across the two runs, in order', () => {
    const a = evaluation('standard', [score('alpha', [1], 1, 1, 1, 1), score('beta', [], 2, 0, 0, 0)]);
    const b = evaluation('graphy', [score('alpha', [2], 1, 0.63, 0.5, 1), score('beta', [3], 2, 0.3, 0.33, 0.5)]);
    const rows = queryRows(a, b);
    expect(rows.map((r) => [r.query, r.outcome])).toEqual([['alpha', 'loss'], ['beta', 'win']]);
    expect(outcomeCounts(rows)).toEqual({ win: 1, loss: 1, tie: 0 });
    expect(queryRows(a, null)[0].outcome).toBeNull();
    expect(fmtFound(score('x', [1, 4], 3, 0, 0, 0))).toBe('#1, #4');
    expect(fmtFound(a.per_query[1])).toBe('not in the top 20');
  });

  it('draws a curve within the chart, broken at gaps', () => {
    const box = { width: 220, height: 120, left: 30, bottom: 20, pad: 10 };
    expect(chartPoint(box, 20, 1, 0)).toEqual({ x: 30, y: 100 });
    expect(chartPoint(box, 20, 20, 1)).toEqual({ x: 210, y: 10 });
    expect(curvePath(box, [0, 0.5, 1])).toBe('M30 100 L120 55 L210 10');
    expect(curvePath(box, [0, null, 1])).toBe('M30 100 M210 10');
  });
});
