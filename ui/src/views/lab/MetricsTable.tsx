import type { Evaluation } from '../../api/types';
import { fmtMetric, metricRows } from '../../lab/evaluation';

/** R@1, R@5, R@10, R@20, MRR and nDCG@10 of one or two configurations; the better of two is bold. */
export function MetricsTable({ evals }: { evals: readonly Evaluation[] }) {
  const rows = metricRows(evals);
  const two = evals.length === 2;
  return (
    <table className="lab-table metrics" data-testid="metrics-table">
      <thead>
        <tr>
          <th>Configuration</th>
          {rows.map((r) => (
            <th key={r.key} className="num" title={r.meaning}>
              {r.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {evals.map((e, i) => (
          <tr key={`${e.config}-${i}`} data-testid="metrics-row" data-config={e.config}>
            <td>
              <i className={`swatch ${i === 0 ? 'a' : 'b'}`} /> {e.config}
            </td>
            {rows.map((r) => (
              <td key={r.key} className={`num${r.best === i ? ' best' : ''}`} data-metric={r.key}>
                {fmtMetric(r.values[i])}
              </td>
            ))}
          </tr>
        ))}
        {two && (
          <tr className="delta-row">
            <td className="muted small">Δ second − first</td>
            {rows.map((r) => (
              <td key={r.key} className={`num small ${r.delta === null || Math.abs(r.delta) < 1e-9 ? 'same' : r.delta > 0 ? 'up' : 'down'}`}>
                {r.delta === null ? '—' : `${r.delta > 0 ? '+' : r.delta < 0 ? '−' : '±'}${Math.abs(r.delta).toFixed(3)}`}
              </td>
            ))}
          </tr>
        )}
      </tbody>
    </table>
  );
}
