import { useState } from 'react';
import { getApi } from '../../api';
import { EDGE_KINDS, newEdge, type Edge, type EdgeKind, type Memory } from '../../api/types';
import { select, toast, toastError } from '../../state/ui';
import { focusMemory } from '../graph/graphRef';
import { MemoryPicker } from './MemoryPicker';

interface Props {
  memoryId: string;
  edges: Edge[];
  neighbours: Map<string, Memory>;
  onChanged(): void;
}

const KIND_TEXT: Record<EdgeKind, string> = {
  next: 'Next in session',
  mentions: 'Mentions',
  similar: 'Similar',
  near_duplicate: 'Near duplicate',
  derived_from: 'Derived from',
  supersedes: 'Supersedes',
  contradicts: 'Contradicts',
  related: 'Related',
};

/** Links grouped by kind; automatic ones show why they were made, with confirm / reject. */
export function EdgeList({ memoryId, edges, neighbours, onChanged }: Props) {
  const [busy, setBusy] = useState<string | null>(null);
  const groups = new Map<EdgeKind, Edge[]>();
  for (const e of edges) {
    const g = groups.get(e.kind);
    if (g) g.push(e);
    else groups.set(e.kind, [e]);
  }

  const act = async (edgeId: string, what: 'unlink' | 'confirm') => {
    setBusy(edgeId);
    try {
      if (what === 'unlink') await getApi().unlink({ id: edgeId });
      else await getApi().confirmEdge({ id: edgeId });
      onChanged();
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="edges">
      {edges.length === 0 && <p className="muted small">No links yet.</p>}
      {EDGE_KINDS.filter((k) => groups.has(k)).map((k) => (
        <section key={k} className="edge-group">
          <h4>
            {KIND_TEXT[k]} <span className="muted">{groups.get(k)!.length}</span>
          </h4>
          <ul>
            {groups.get(k)!.map((e) => {
              const otherId = e.from === memoryId ? e.to : e.from;
              const other = neighbours.get(otherId);
              const outgoing = e.from === memoryId;
              const reviewable = e.automatic && !e.confirmed;
              return (
                <li key={e.id} className={`edge-row${reviewable ? ' review' : ''}`}>
                  <div className="edge-main">
                    <span className="dir" title={outgoing ? 'from this memory' : 'to this memory'}>
                      {outgoing ? '→' : '←'}
                    </span>
                    <button
                      className="link"
                      onClick={() => {
                        select(otherId);
                        focusMemory(otherId);
                      }}
                    >
                      {other ? other.title || other.text.slice(0, 60) : otherId}
                    </button>
                    {e.relation && e.relation !== e.kind && <span className="rel">{e.relation}</span>}
                    <span className="spacer" />
                    {reviewable && (
                      <button className="mini ok" disabled={busy === e.id} onClick={() => act(e.id, 'confirm')} title="Confirm this automatic link">
                        Confirm
                      </button>
                    )}
                    <button
                      className="mini danger"
                      disabled={busy === e.id}
                      onClick={() => act(e.id, 'unlink')}
                      title={reviewable ? 'Reject (remove) this automatic link' : 'Remove this link'}
                    >
                      {reviewable ? 'Reject' : 'Remove'}
                    </button>
                  </div>
                  {(e.automatic || e.provenance) && (
                    <div className="provenance">
                      {e.automatic ? (e.confirmed ? 'automatic, confirmed · ' : 'automatic · ') : ''}
                      {e.provenance}
                      {e.weight !== null && e.weight !== 1 && <span> · weight {e.weight.toFixed(2)}</span>}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      <AddEdge memoryId={memoryId} onAdded={onChanged} />
    </div>
  );
}

function AddEdge({ memoryId, onAdded }: { memoryId: string; onAdded(): void }) {
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState<Memory | null>(null);
  const [kind, setKind] = useState<EdgeKind>('related');
  const [relation, setRelation] = useState('');
  const [saving, setSaving] = useState(false);

  if (!open) {
    return (
      <button className="ghost add-edge" onClick={() => setOpen(true)}>
        + Add a link
      </button>
    );
  }
  const submit = async () => {
    if (!target) return;
    setSaving(true);
    try {
      await getApi().link(newEdge({ from: memoryId, to: target.id, kind, relation: relation.trim() || null }));
      toast('success', 'Linked', `${kind} → ${target.title || target.text.slice(0, 40)}`);
      setOpen(false);
      setTarget(null);
      setRelation('');
      onAdded();
    } catch (e) {
      toastError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="add-edge-form">
      {target ? (
        <div className="picked">
          <span className={`kind-dot k-${target.kind}`} />
          {target.title || target.text.slice(0, 60)}
          <button className="mini" onClick={() => setTarget(null)}>Change</button>
        </div>
      ) : (
        <MemoryPicker exclude={memoryId} onPick={setTarget} />
      )}
      <div className="row">
        <select value={kind} onChange={(e) => setKind(e.target.value as EdgeKind)} aria-label="Link kind">
          {EDGE_KINDS.filter((k) => k !== 'next' && k !== 'near_duplicate' && k !== 'similar').map((k) => (
            <option key={k} value={k}>
              {KIND_TEXT[k]}
            </option>
          ))}
        </select>
        <input value={relation} onChange={(e) => setRelation(e.target.value)} placeholder="relation (optional)" aria-label="Relation" />
      </div>
      <div className="row end">
        <button className="ghost" onClick={() => setOpen(false)}>Cancel</button>
        <button className="primary" disabled={!target || saving} onClick={submit}>
          Link
        </button>
      </div>
    </div>
  );
}
