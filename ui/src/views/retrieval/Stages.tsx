import { useState } from 'react';
import type { RetrievalTrace, TraceStage } from '../../api/types';
import { model } from '../../state/model';
import { select } from '../../state/ui';
import { focusMemory } from '../graph/graphRef';
import { fmtMs } from '../shell/format';

const STAGE_LABEL: Record<TraceStage['kind'], string> = {
  embed: 'Embed query',
  vector: 'Vector k-NN',
  keyword: 'Keyword (BM25)',
  fusion: 'Fusion',
  expansion: 'Graph expansion',
  replies: 'Replies',
  filter: 'Filters',
  rerank: 'Re-rank',
};

const titleOf = (id: string) => {
  const m = model.memories.get(id);
  return m ? m.title || m.text.slice(0, 70) : id;
};

/** The pipeline, stage by stage: timing bars, candidates with rank changes, and what was dropped and why. */
export function Stages({ trace }: { trace: RetrievalTrace }) {
  const maxMs = Math.max(...trace.stages.map((s) => s.duration_ms ?? 0), 1e-6);
  return (
    <div className="stages">
      <div className="timing-total muted small">
        {trace.stages.length} stages · {fmtMs(trace.total_ms ?? 0)} total · {trace.embedder}
      </div>
      {trace.stages.map((s, i) => (
        <StageRow key={i} stage={s} maxMs={maxMs} />
      ))}
    </div>
  );
}

function StageRow({ stage, maxMs }: { stage: TraceStage; maxMs: number }) {
  const [open, setOpen] = useState(false);
  return (
    <div className={`stage${open ? ' open' : ''}`} data-testid="stage" data-kind={stage.kind}>
      <button className="stage-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span className="caret">{open ? '▾' : '▸'}</span>
        <span className="stage-name">{STAGE_LABEL[stage.kind]}</span>
        <span className="stage-counts muted small">
          {stage.kind === 'embed' ? '' : `${stage.candidates.length} kept`}
          {stage.dropped.length ? ` · ${stage.dropped.length} dropped` : ''}
        </span>
        <span className="timing">
          <span className="timing-bar">
            <span style={{ width: `${Math.max(2, (100 * (stage.duration_ms ?? 0)) / maxMs)}%` }} />
          </span>
          <span className="timing-ms">{fmtMs(stage.duration_ms ?? 0)}</span>
        </span>
      </button>
      {open && (
        <div className="stage-body">
          {stage.note && <p className="stage-note">{stage.note}</p>}
          {stage.candidates.length > 0 && (
            <table className="cands">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Δ</th>
                  <th>Memory</th>
                  <th>Score</th>
                </tr>
              </thead>
              <tbody>
                {stage.candidates.slice(0, 50).map((c) => {
                  const delta = c.previous_rank === null ? null : c.previous_rank - c.rank;
                  return (
                    <tr key={c.id} onClick={() => { select(c.id); focusMemory(c.id); }}>
                      <td className="num">{c.rank}</td>
                      <td className={`delta ${delta === null ? 'new' : delta > 0 ? 'up' : delta < 0 ? 'down' : 'same'}`}>
                        {delta === null ? 'new' : delta > 0 ? `▲${delta}` : delta < 0 ? `▼${-delta}` : '·'}
                      </td>
                      <td className="cand-title">{titleOf(c.id)}</td>
                      <td className="num">{(c.score ?? 0).toFixed(3)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {stage.candidates.length > 50 && <p className="muted small">… and {stage.candidates.length - 50} more</p>}
          {stage.dropped.length > 0 && (
            <ul className="dropped">
              {stage.dropped.map((d) => (
                <li key={d.id} data-testid="dropped" data-id={d.id}>
                  <span className="cand-title">{titleOf(d.id)}</span>
                  <span className="reason">{d.reason}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
