// Several memories picked on the graph (shift-click, lasso, or "select all" in the review queue):
// how many, and what can be done to all of them at once, each one action with one undo.
import { useRef, useState } from 'react';
import { openMerge } from '../../state/curate';
import { model, modelState } from '../../state/model';
import { openPurge } from '../../state/purge';
import { useStore } from '../../state/store';
import { clearMulti, ui } from '../../state/ui';
import { openExport } from '../export/exportState';
import { decideHeld } from '../review/decideHeld';
import { selectionFacts, type BulkChange } from './bulk';
import { MovePopover } from './MovePopover';
import { runBulk } from './runBulk';
import { mergeBlocker } from './selection';
import { TagPopover } from './TagPopover';

export function SelectionBar() {
  const multi = useStore(ui, (s) => s.multi);
  const past = useStore(ui, (s) => s.pastView !== null);
  // Unmounted with an empty selection, so that a panel left open does not return with the next
  // one; and while the past shows, which is read-only.
  return multi.length === 0 || past ? null : <Bar multi={multi} />;
}

function Bar({ multi }: { multi: readonly string[] }) {
  // Re-read on data changes: a picked memory may be changed, merged or removed meanwhile.
  useStore(modelState, (s) => s.version);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<'tag' | 'move' | null>(null);
  const tagButton = useRef<HTMLButtonElement>(null);
  const moveButton = useRef<HTMLButtonElement>(null);

  // Only memories still on the graph are acted on (a picked one may be gone since).
  const ids = multi.filter((id) => model.memories.has(id));
  const facts = selectionFacts(ids.map((id) => model.memories.get(id)));
  const blocker = mergeBlocker(multi, (id) => model.memories.get(id));
  const n = ids.length;

  const run = async (change: BulkChange): Promise<void> => {
    if (busy || n === 0) return;
    setBusy(true);
    const ok = await runBulk(ids, change);
    setBusy(false);
    // A refused change keeps its panel open, to be corrected.
    if (ok) setOpen(null);
  };

  return (
    <div
      className="selection-bar panel-float"
      role="toolbar"
      aria-label="Selected memories"
      aria-busy={busy}
      data-testid="selection-bar"
      data-ids={multi.join(' ')}
    >
      <span className="sel-count" data-testid="selection-count" title="Shift-click a memory to add or remove it; shift-drag to lasso more">
        {multi.length} selected
      </span>
      <span className="sel-sep" aria-hidden="true" />
      <button
        data-testid="bulk-archive"
        disabled={busy || n === 0 || facts.allArchived}
        title={facts.allArchived ? 'All of them are archived already' : 'Archive them all (Restore, or Undo, brings them back)'}
        onClick={() => void run({ status: 'archived' })}
      >
        Archive
      </button>
      <button
        className="danger"
        data-testid="bulk-forget"
        disabled={busy || n === 0 || facts.allForgotten}
        title={facts.allForgotten ? 'All of them are forgotten already' : 'Forget them all: soft, Restore or Undo brings them back (purge is what erases)'}
        onClick={() => void run({ status: 'forgotten' })}
      >
        Forget
      </button>
      {facts.held.length > 0 && (
        <button
          className="ok"
          data-testid="bulk-approve"
          disabled={busy}
          title={`Approve the ${facts.held.length === 1 ? 'held memory' : `${facts.held.length} held memories`} among them: every agent may recall them then`}
          onClick={() => {
            setBusy(true);
            void decideHeld(facts.held, 'approve').finally(() => setBusy(false));
          }}
        >
          Approve {facts.held.length}
        </button>
      )}
      {facts.anyInactive && (
        <button data-testid="bulk-restore" disabled={busy} title="Make every one of them active again" onClick={() => void run({ status: 'active' })}>
          Restore
        </button>
      )}
      {facts.forgotten.length > 0 && (
        <button
          className="danger"
          data-testid="bulk-purge"
          disabled={busy}
          title={`Erase the ${facts.forgotten.length === 1 ? 'forgotten memory' : `${facts.forgotten.length} forgotten memories`} among them for good: text, links, history and traces. Cannot be undone`}
          onClick={() => openPurge(facts.forgotten, n - facts.forgotten.length)}
        >
          Purge {facts.forgotten.length}…
        </button>
      )}
      <button
        data-testid="bulk-pin"
        disabled={busy || n === 0}
        title={facts.allPinned ? 'Unpin them all' : 'Pin them all: pinned memories rank higher in recall'}
        onClick={() => void run({ pinned: !facts.allPinned })}
      >
        {facts.allPinned ? 'Unpin' : 'Pin'}
      </button>
      <span className="sel-sep" aria-hidden="true" />
      <button
        ref={tagButton}
        data-testid="bulk-tag"
        className={open === 'tag' ? 'on' : ''}
        aria-haspopup="dialog"
        aria-expanded={open === 'tag'}
        disabled={busy || n === 0}
        title="Add tags to them, or take tags off"
        onClick={() => setOpen(open === 'tag' ? null : 'tag')}
      >
        Tag…
      </button>
      <button
        ref={moveButton}
        data-testid="bulk-move"
        className={open === 'move' ? 'on' : ''}
        aria-haspopup="dialog"
        aria-expanded={open === 'move'}
        disabled={busy || n === 0}
        title="Move them to another space, or a new one"
        onClick={() => setOpen(open === 'move' ? null : 'move')}
      >
        Move…
      </button>
      <button
        data-testid="merge-selected"
        disabled={busy || blocker !== null}
        title={blocker ?? 'Merge them into one: pick the survivor and its text, see the result, confirm'}
        onClick={() => openMerge(multi)}
      >
        Merge…
      </button>
      <button
        data-testid="bulk-export"
        disabled={n === 0}
        title="Export them (and the links among them) as JSONL, GraphML, Cytoscape JSON or a Markdown vault"
        onClick={() => openExport('selection')}
      >
        Export…
      </button>
      <span className="sel-sep" aria-hidden="true" />
      <button className="ghost" data-testid="selection-clear" onClick={clearMulti} title="Clear the selection (Esc)">
        Clear
      </button>
      {open === 'tag' && (
        <TagPopover
          anchor={tagButton}
          count={n}
          tags={facts.tags}
          busy={busy}
          onApply={(add, remove) => void run({ add_tags: add, remove_tags: remove })}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'move' && (
        <MovePopover
          anchor={moveButton}
          count={n}
          current={facts.spaces}
          busy={busy}
          onApply={(space) => void run({ space })}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}
