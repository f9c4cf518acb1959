import type { Evaluation } from '../../api/types';
import { chartPoint, curvePath, type ChartBox } from '../../lab/evaluation';

const BOX: ChartBox = { width: 520, height: 190, left: 34, bottom: 24, pad: 10 };
const TICKS_Y = [0, 0.25, 0.5, 0.75, 1];
const TICKS_K = [1, 5, 10, 15, 20];

/** Mean recall@k for k = 1..20, one line per configuration. */
export function CurveChart({ evals }: { evals: readonly Evaluation[] }) {
  const n = Math.max(1, ...evals.map((e) => e.curve.length));
  return (
    <figure className="curve-chart" data-testid="curve-chart">
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-label="Recall at k, k = 1 to 20, per configuration">
        {TICKS_Y.map((v) => {
          const a = chartPoint(BOX, n, 1, v);
          const b = chartPoint(BOX, n, n, v);
          return (
            <g key={v} className="grid">
              <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} />
              <text x={a.x - 6} y={a.y + 3.5} textAnchor="end">
                {v}
              </text>
            </g>
          );
        })}
        {TICKS_K.filter((k) => k <= n).map((k) => {
          const p = chartPoint(BOX, n, k, 0);
          return (
            <text key={k} className="axis" x={p.x} y={p.y + 15} textAnchor="middle">
              {k}
            </text>
          );
        })}
        {evals.map((e, i) => (
          <g key={`${e.config}-${i}`} className={`curve ${i === 0 ? 'a' : 'b'}`} data-testid="curve" data-config={e.config}>
            <path d={curvePath(BOX, e.curve)} />
            {e.curve.map((v, k) => {
              if (v === null) return null;
              const p = chartPoint(BOX, e.curve.length, k + 1, v);
              return (
                <circle key={k} cx={p.x} cy={p.y} r={2.4}>
                  <title>{`${e.config}: recall@${k + 1} = ${v.toFixed(3)}`}</title>
                </circle>
              );
            })}
          </g>
        ))}
      </svg>
      <figcaption className="muted small">
        Recall@k (share of the relevant memories in the top k), k = 1…20:{' '}
        {evals.map((e, i) => (
          <span key={i} className="curve-key">
            <i className={`swatch ${i === 0 ? 'a' : 'b'}`} /> {e.config}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
