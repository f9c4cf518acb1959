import type { MergePreview } from '../../api/types';
import { lineageOf } from '../../api/types';
import { model } from '../../state/model';

interface Props {
  preview: MergePreview | null;
  busy: boolean;
  problem: string | null;
}

/** The survivor as the engine would make it, and what happens to the links. */
export function MergePreviewView({ preview, busy, problem }: Props) {
  if (problem) {
    return (
      <section className="merge-preview" aria-label="Preview" data-testid="merge-preview">
        <h3>Preview</h3>
        <p className="rv-error" role="alert">{problem}</p>
      </section>
    );
  }
  if (!preview) {
    return (
      <section className="merge-preview" aria-label="Preview" data-testid="merge-preview" aria-busy="true">
        <h3>Preview</h3>
        <p className="muted small">Working out the merge…</p>
      </section>
    );
  }
  const s = preview.survivor;
  const { aliases, mergedFrom } = lineageOf(s);
  // What the merge adds to the survivor as it is now, marked as new.
  const now = model.memories.get(s.id);
  const had = new Set([...(now?.tags ?? []), ...(now ? lineageOf(now).aliases : [])]);
  const chip = (value: string, label: string) => (
    <span key={value} className={`mp-chip${had.has(value) ? '' : ' new'}`} title={had.has(value) ? undefined : 'Added by the merge'}>
      {label}
    </span>
  );
  return (
    <section className={`merge-preview${busy ? ' busy' : ''}`} aria-label="Preview" aria-busy={busy} data-testid="merge-preview">
      <h3>
        Preview <span className="muted small">the survivor as it will be</span>
      </h3>
      <div className="mp-card" data-testid="merge-preview-survivor" data-id={s.id}>
        <div className="mp-title">
          <span className={`kind-dot k-${s.kind}`} aria-hidden="true" /> {s.title || <span className="muted">No title</span>}
          {now && now.text !== s.text && <span className="mp-new">new text</span>}
        </div>
        <p className="mp-text">{s.text}</p>
        <dl className="mp-fields">
          <div>
            <dt>Tags</dt>
            <dd>{s.tags.length ? s.tags.map((t) => chip(t, `#${t}`)) : <span className="muted">none</span>}</dd>
          </div>
          <div>
            <dt>Aliases</dt>
            <dd>{aliases.length ? aliases.map((a) => chip(a, a)) : <span className="muted">none</span>}</dd>
          </div>
          <div>
            <dt>Absorbs</dt>
            <dd>
              {mergedFrom.length} {mergedFrom.length === 1 ? 'memory' : 'memories'}
            </dd>
          </div>
          {s.importance !== null && (
            <div>
              <dt>Importance</dt>
              <dd>{s.importance.toFixed(2)}{s.pinned ? ' · pinned' : ''}</dd>
            </div>
          )}
        </dl>
      </div>
      <ul className="mp-effects">
        <li data-testid="merge-edges-moved">
          <b>{preview.edges_moved}</b> {preview.edges_moved === 1 ? 'link moves' : 'links move'} to the survivor
        </li>
        <li data-testid="merge-edges-dropped">
          <b>{preview.edges_dropped}</b> {preview.edges_dropped === 1 ? 'link is' : 'links are'} dropped (between these memories, or repeating one the survivor has)
        </li>
        <li>
          {preview.merged.length === 1 ? 'The other memory stays' : `The other ${preview.merged.length} stay`} in the history as merged, pointing at the survivor.
        </li>
      </ul>
    </section>
  );
}
