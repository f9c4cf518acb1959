import type { Evaluation } from '../../api/types';
import { fmtFound, fmtMetric, outcomeCounts, queryRows } from '../../lab/evaluation';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const OUTCOME_TEXT = { win: 'win', loss: 'loss', tie: 'tie' } as const;

/** Each query: where its relevant memories came under each configuration, and who did better. */
export function PerQueryTable({ a, b }: { a: Evaluation; b: Evaluation | null }) {
  const rows = queryRows(a, b);
  const n = outcomeCounts(rows);
  return (
    <div className="per-query" data-testid="per-query">
      {b && (
        <p className="small per-query-sum" data-testid="per-query-summary">
          <strong>{b.config}</strong> against <strong>{a.config}</strong>: <span className="outcome win">{plural(n.win, 'win', 'wins')}</span>,{' '}
          <span className="outcome loss">{plural(n.loss, 'loss', 'losses')}</span>, <span className="outcome tie">{plural(n.tie, 'tie', 'ties')}</span>
          <span className="muted"> (by nDCG@10, then reciprocal rank)</span>
        </p>
      )}
      <table className="lab-table">
        <thead>
          <tr>
            <th>Query</th>
            <th className="num" title="Memories marked relevant" style={{ width: 38 }}>
              Rel.
            </th>
            <th title={`Ranks at which its relevant memories came under ${a.config}`}>
              <i className="swatch a" /> found
            </th>
            <th className="num" title={`nDCG@10 under ${a.config}`} style={{ width: 52 }}>
              nDCG
            </th>
            {b && (
              <th title={`Ranks at which its relevant memories came under ${b.config}`}>
                <i className="swatch b" /> found
              </th>
            )}
            {b && (
              <th className="num" title={`nDCG@10 under ${b.config}`} style={{ width: 52 }}>
                nDCG
              </th>
            )}
            {b && (
              <th title={`${b.config} against ${a.config}`} style={{ width: 48 }}>
                {' '}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid="per-query-row" data-query={r.query} data-outcome={r.outcome ?? 'none'}>
              <td className="pq-query" title={r.query}>
                {r.query}
              </td>
              <td className="num">{r.a.relevant}</td>
              <td className="small">{fmtFound(r.a)}</td>
              <td className="num">{fmtMetric(r.a.ndcg_at_10)}</td>
              {r.b && <td className="small">{fmtFound(r.b)}</td>}
              {r.b && <td className="num">{fmtMetric(r.b.ndcg_at_10)}</td>}
              {r.outcome && (
                <td>
                  <span className={`outcome ${r.outcome}`}>{OUTCOME_TEXT[r.outcome]}</span>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
