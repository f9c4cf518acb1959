import { useEffect, useState } from 'react';
import { getApi } from '../../api';
import type { Evaluation } from '../../api/types';
import { byRecent, setSize } from '../../lab/judgments';
import { lab, loadConfigs, loadJudgments } from '../../state/lab';
import { useStore } from '../../state/store';
import { toastError } from '../../state/ui';
import { ConfigSelect } from './ConfigSelect';
import { CurveChart } from './CurveChart';
import { JudgedQueryRow } from './JudgedQueryRow';
import { MetricsTable } from './MetricsTable';
import { PerQueryTable } from './PerQueryTable';

/** The judged queries, and an evaluation of one or two configurations on them. */
export function EvaluateView() {
  const judgments = useStore(lab, (s) => s.judgments);
  const book = useStore(lab, (s) => s.book);
  const [a, setA] = useState<string | null>(null);
  const [b, setB] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [evals, setEvals] = useState<Evaluation[] | null>(null);

  useEffect(() => {
    void loadJudgments(true);
    if (!lab.get().book) void loadConfigs();
  }, []);

  const size = setSize(judgments ?? []);
  const first = a ?? book?.default ?? 'standard';
  const run = async () => {
    setRunning(true);
    try {
      setEvals(await getApi().evaluate({ configs: b ? [first, b] : [first], set: null }));
    } catch (e) {
      toastError(e, 'evaluate');
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="evaluate-view" data-testid="evaluate-view">
      <section>
        <h4 className="lab-h">
          Judged queries{' '}
          <span className="muted small" data-testid="judgments-size">
            {size.queries} {size.queries === 1 ? 'query' : 'queries'} · {size.marks} marks · {size.usable} usable
          </span>
        </h4>
        {judgments === null ? (
          <p className="muted small">Loading…</p>
        ) : judgments.length === 0 ? (
          <div className="lab-empty" data-testid="judgments-empty">
            <p>
              <strong>No judgments yet.</strong>
            </p>
            <p className="muted">
              Run a recall in the Retrieval tab (or open any trace), then on a result press <kbd>r</kbd> for relevant or <kbd>n</kbd> for not relevant —
              or click ✓ / ✕. Each query you mark joins the set evaluated here.
            </p>
          </div>
        ) : (
          <ul className="judged-list">
            {byRecent(judgments).map((q) => (
              <JudgedQueryRow key={`${q.query}\u0000${(q.spaces ?? []).join(',')}`} q={q} />
            ))}
          </ul>
        )}
      </section>
      <section className="evaluate-form">
        <h4 className="lab-h">Evaluate</h4>
        <div className="evaluate-controls">
          <label className="field-inline">
            <i className="swatch a" />
            <ConfigSelect value={a} onChange={setA} testId="evaluate-config-a" label="First configuration" />
          </label>
          <span className="muted small">against</span>
          <label className="field-inline">
            <i className="swatch b" />
            <ConfigSelect value={b} onChange={setB} noneLabel="— only the first —" testId="evaluate-config-b" label="Second configuration" />
          </label>
          <button type="button" className="primary" data-testid="evaluate-run" disabled={running || size.usable === 0} onClick={() => void run()}>
            {running ? 'Evaluating…' : 'Evaluate'}
          </button>
        </div>
        {size.usable === 0 && judgments !== null && (
          <p className="muted small">Mark at least one memory relevant to a query to evaluate.</p>
        )}
      </section>
      {evals && evals.length > 0 && (
        <section className="evaluation" data-testid="evaluation">
          <p className="muted small">
            {evals[0].queries} {evals[0].queries === 1 ? 'query' : 'queries'}, each recalled (top 20, nothing recorded) under{' '}
            {evals.map((e) => e.config).join(' and ')}.
          </p>
          <MetricsTable evals={evals} />
          <CurveChart evals={evals} />
          <PerQueryTable a={evals[0]} b={evals[1] ?? null} />
        </section>
      )}
    </div>
  );
}
