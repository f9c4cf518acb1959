import { useState } from 'react';
import { getApi } from '../../api';
import { solidConfig, type RecallRequest, type RetrievalResult, type RetrievalTrace } from '../../api/types';
import { pathOverlay } from '../../retrieval/pathOverlay';
import { timeParams } from '../../retrieval/timeParams';
import { modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { askWhyNot, runReplay } from '../../state/lab';
import { toastError, ui } from '../../state/ui';
import { QueryForm } from './QueryForm';
import { Results, type ResultRow } from './Results';
import { Stages } from './Stages';
import { Traces } from './Traces';

type Open = { trace: RetrievalTrace; results: RetrievalResult[] | null };

function rowsOf(o: Open): ResultRow[] {
  if (o.results) {
    return o.results.map((r) => ({ id: r.memory.id, rank: r.rank, score: r.score ?? 0, channels: r.channels, signals: r.signals, memory: r.memory, hops: r.path.length }));
  }
  return [...o.trace.results]
    .sort((a, b) => a.rank - b.rank)
    .map((c) => ({ id: c.id, rank: c.rank, score: c.score ?? 0, channels: c.channels, signals: c.signals, memory: undefined, hops: o.trace.paths[c.id]?.length ?? 0 }));
}

/** Query, results with their signals, the path on the graph, the stages and the list of past traces. */
export function RetrievalPanel() {
  const traces = useStore(modelState, (s) => s.traces);
  const selectedId = useStore(ui, (s) => s.selectedId);
  const hasPath = useStore(ui, (s) => s.path !== null);
  const [open, setOpen] = useState<Open | null>(null);
  const [running, setRunning] = useState(false);
  const [tab, setTab] = useState<'results' | 'stages'>('results');

  const show = (o: Open) => {
    setOpen(o);
    ui.set({ path: pathOverlay(o.trace) });
  };

  const run = async (req: RecallRequest) => {
    setRunning(true);
    try {
      const answer = await getApi().recall(req);
      show({ trace: answer.trace, results: answer.results });
      setTab('results');
    } catch (e) {
      toastError(e, 'recall');
    } finally {
      setRunning(false);
    }
  };

  const openTrace = async (id: string) => {
    try {
      show({ trace: await getApi().getTrace({ id }), results: null });
    } catch (e) {
      toastError(e, 'open trace');
    }
  };

  return (
    <div className="retrieval">
      <QueryForm running={running} onRun={run} />
      {open && (
        <div className="trace-view">
          <div className="trace-title">
            <div>
              <strong>“{open.trace.query.text}”</strong>
              <div className="muted small">
                by {open.trace.actor} · configuration{' '}
                <span className="config-name" data-testid="trace-config-name" title="The retrieval configuration it used">
                  {open.trace.config_name || 'unnamed'}
                </span>{' '}
                · {open.trace.query.limit} max · {open.trace.config.fusion} fusion
                {solidConfig(open.trace.config).expansion.enabled ? ` · ${solidConfig(open.trace.config).expansion.hops}-hop expansion` : ''}
              </div>
              {timeParams(open.trace.query) && (
                <div className="small trace-time" data-testid="trace-time">
                  {timeParams(open.trace.query)}
                </div>
              )}
            </div>
            <span className="spacer" />
            <div className="trace-actions">
              <button className="ghost small" data-testid="trace-view-replay" onClick={() => void runReplay(open.trace.id)} title="Run it again against today’s memory, beside this one">
                Replay
              </button>
              <button className="ghost small" data-testid="trace-view-why-not" onClick={() => askWhyNot(open.trace.query)} title="Why did a memory you expected not come back?">
                Why not…?
              </button>
            {hasPath ? (
              <button className="ghost small" onClick={() => ui.set({ path: null })} title="Stop highlighting the path on the graph">
                Hide path
              </button>
            ) : (
              <button className="ghost small" onClick={() => ui.set({ path: pathOverlay(open.trace) })}>
                Show path
              </button>
            )}
            </div>
          </div>
          <PathLegend />
          <div className="tabs small-tabs">
            <button className={tab === 'results' ? 'on' : ''} onClick={() => setTab('results')}>
              Results ({open.trace.results.length})
            </button>
            <button className={tab === 'stages' ? 'on' : ''} onClick={() => setTab('stages')}>
              Stages ({open.trace.stages.length})
            </button>
          </div>
          {tab === 'results' ? (
            <Results rows={rowsOf(open)} selectedId={selectedId} judging={{ query: open.trace.query.text ?? '', spaces: open.trace.query.spaces ?? [] }} />
          ) : (
            <Stages trace={open.trace} />
          )}
          {tab === 'results' && open.trace.results.length > 0 && (
            <p className="muted small lab-keys">
              Mark results for this query: focus one and press <kbd>r</kbd> relevant, <kbd>n</kbd> not relevant, <kbd>0</kbd> clear (<kbd>↑</kbd> <kbd>↓</kbd> move).
            </p>
          )}
        </div>
      )}
      <section className="trace-list">
        <h3>Recent retrievals</h3>
        <Traces traces={traces} openId={open?.trace.id ?? null} onOpen={openTrace} />
      </section>
    </div>
  );
}

function PathLegend() {
  const path = useStore(ui, (s) => s.path);
  if (!path) return null;
  return (
    <div className="path-legend small">
      <span><i className="pl seed" /> seed {path.seeds.size}</span>
      <span><i className="pl hop" /> hop {path.hops.size}</span>
      <span><i className="pl result" /> result {path.results.length}</span>
      <span><i className="pl edge" /> path edge {path.edges.size}</span>
    </div>
  );
}
