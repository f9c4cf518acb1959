// The inspector's place while the past shows: the selected memory as Mnemo knew it then, read
// from the past graph (nothing fetched, nothing editable), with its links of that time.
import { EDGE_KINDS, type EdgeKind } from '../../api/types';
import { KIND_LABEL } from '../../graph/palette';
import { model, modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { select, ui } from '../../state/ui';
import { focusMemory } from '../graph/graphRef';
import { FieldList } from '../inspector/FieldList';
import { fmtDate } from '../shell/format';
import { fmtInstant } from './pastFormat';
import './asof.css';

export function PastMemory({ id, at }: { id: string | null; at: number }) {
  // Re-read when the past graph is replaced (the slider moved).
  useStore(modelState, (s) => s.version);
  if (!id) {
    return (
      <div className="past-memory" data-testid="past-memory">
        <p className="muted">Pick a memory on the graph to read it as Mnemo knew it on {fmtInstant(at)}.</p>
      </div>
    );
  }
  const m = model.memories.get(id);
  if (!m) {
    return (
      <div className="past-memory" data-testid="past-memory" data-id={id} data-known="false">
        <p className="pm-note">Mnemo did not know this memory yet on {fmtInstant(at)}.</p>
      </div>
    );
  }
  const g = model.graph;
  const links: { id: string; kind: EdgeKind; out: boolean; other: string }[] = [];
  if (g.hasNode(id)) {
    g.forEachEdge(id, (e, a, source, target) => links.push({ id: e, kind: a.kind, out: source === id, other: source === id ? target : source }));
  }
  links.sort((x, y) => EDGE_KINDS.indexOf(x.kind) - EDGE_KINDS.indexOf(y.kind));
  const rows: [string, string][] = [
    ['Space', m.space],
    ['Source', m.source],
    ['Status', m.status],
    ['Occurred', fmtDate(m.occurred_at)],
    ['Valid from', fmtDate(m.valid_from)],
    ['Valid until', fmtDate(m.valid_until)],
    ['Recorded', fmtDate(m.created_at)],
    ['Last changed', fmtDate(m.updated_at)],
    ['Version', String(m.version)],
  ];
  return (
    <div className="past-memory" data-testid="past-memory" data-id={id} data-known="true">
      <p className="pm-note">
        As Mnemo knew it on <b className="pm-date">{fmtInstant(at)}</b> — read-only.
      </p>
      <div className="pm-head">
        <span className={`kind-dot k-${m.kind}`} />
        {KIND_LABEL[m.kind]}
        {m.status !== 'active' && <span className={`status-badge s-${m.status}`}>{m.status}</span>}
        <span className="spacer" />
        <button className="icon" title="Centre on the graph" onClick={() => focusMemory(m.id)}>◎</button>
        <button className="icon" title="Close (Esc)" onClick={() => { select(null); ui.set({ panelOpen: false }); }}>×</button>
      </div>
      {m.title && <h2 data-testid="past-memory-title">{m.title}</h2>}
      <p className="pm-text" data-testid="past-memory-text">{m.text}</p>
      {m.tags.length > 0 && <div className="pm-tags">{m.tags.map((t) => `#${t}`).join(' ')}</div>}
      <section className="insp-section">
        <FieldList rows={rows} />
      </section>
      <section className="insp-section">
        <h3 className="muted small">Links then ({links.length})</h3>
        {links.length === 0 && <p className="muted small">None.</p>}
        <ul className="neighbours pm-links">
          {links.map((l) => {
            const other = model.memories.get(l.other);
            return (
              <li key={l.id}>
                <span className="dir" aria-hidden="true">{l.out ? '→' : '←'}</span>
                <span className="rel">{l.kind.replace('_', ' ')}</span>
                <button className="link" onClick={() => { select(l.other); focusMemory(l.other); }}>
                  {other && <span className={`kind-dot k-${other.kind}`} />}
                  {other ? other.title || other.text.slice(0, 70) : l.other}
                </button>
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
