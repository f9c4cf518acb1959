// Several memories picked on the graph (shift-click): how many, and what can be done with them.
import { openMerge } from '../../state/curate';
import { model, modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { clearMulti, ui } from '../../state/ui';
import { mergeBlocker } from './selection';

export function SelectionBar() {
  const multi = useStore(ui, (s) => s.multi);
  // Re-read on data changes: a picked memory may be merged or removed meanwhile.
  useStore(modelState, (s) => s.version);
  if (multi.length === 0) return null;
  const blocker = mergeBlocker(multi, (id) => model.memories.get(id));
  return (
    <div className="selection-bar panel-float" role="toolbar" aria-label="Selected memories" data-testid="selection-bar">
      <span className="sel-count" data-testid="selection-count">
        {multi.length} selected
      </span>
      <button
        className="primary"
        data-testid="merge-selected"
        disabled={blocker !== null}
        title={blocker ?? 'Merge them into one: pick the survivor and its text, see the result, confirm'}
        onClick={() => openMerge(multi)}
      >
        Merge {multi.length} selected…
      </button>
      <button className="ghost" onClick={clearMulti} title="Clear the selection (Esc)">
        Clear
      </button>
      <span className="muted small">Shift-click to add or remove</span>
    </div>
  );
}
