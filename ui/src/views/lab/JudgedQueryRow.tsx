import { useState } from 'react';
import type { JudgedQuery } from '../../api/types';
import { judge } from '../../state/lab';
import { model } from '../../state/model';
import { highlight } from '../../state/ui';
import { focusMemory } from '../graph/graphRef';
import { fmtAgo } from '../shell/format';

const titleOf = (id: string) => {
  const m = model.memories.get(id);
  return m ? m.title || m.text.slice(0, 70) : id;
};

/** A judged query: its counts, and on expand every marked memory with a way to clear the mark. */
export function JudgedQueryRow({ q }: { q: JudgedQuery }) {
  const [open, setOpen] = useState(false);
  const notRelevant = q.not_relevant ?? [];
  const spaces = q.spaces ?? [];
  return (
    <li className={`judged${open ? ' open' : ''}`} data-testid="judged-query" data-query={q.query}>
      <button type="button" className="judged-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span className="caret">{open ? '▾' : '▸'}</span>
        <span className="judged-text">“{q.query}”</span>
        {spaces.length > 0 && <span className="muted small">in {spaces.join(', ')}</span>}
        <span className="spacer" />
        <span className="judged-count yes" data-testid="judged-relevant" title="Marked relevant">
          ✓ {q.relevant.length}
        </span>
        <span className="judged-count no" title="Marked not relevant">
          ✕ {notRelevant.length}
        </span>
        <span className="muted small">{fmtAgo(q.updated_at)}</span>
      </button>
      {!q.relevant.length && <div className="muted small judged-note">No memory marked relevant yet: this query is left out of evaluations.</div>}
      {open && (
        <ul className="judged-marks">
          {[...q.relevant.map((id) => [id, true] as const), ...notRelevant.map((id) => [id, false] as const)].map(([id, yes]) => (
            <li key={id}>
              <span className={`judged-mark ${yes ? 'yes' : 'no'}`}>{yes ? '✓' : '✕'}</span>
              <button type="button" className="link" onClick={() => { highlight(id); focusMemory(id); }}>
                {titleOf(id)}
              </button>
              <button type="button" className="mini" title="Clear this mark" onClick={() => void judge(q.query, spaces, id, null)}>
                Clear
              </button>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
