// "Manage spaces…": every space with its colour, name, description and memory count, to rename,
// describe, colour, archive and delete, and a form to make one. Archived spaces are listed apart.
// Ctrl+Z outside a text field undoes the last change, as it does in the rest of the app.
import { useEffect, useId, useRef, useState } from 'react';
import { modelState } from '../../state/model';
import { memoriesText } from '../../state/spaceBook';
import { useStore } from '../../state/store';
import { ui } from '../../state/ui';
import { redoLast, undoLast } from '../../state/undo';
import { typing } from '../shell/shortcuts';
import { DeleteSpace } from './DeleteSpace';
import { NewSpaceForm } from './NewSpaceForm';
import { SpaceRow } from './SpaceRow';
import './spaces.css';
import { useSpaceCounts } from './useSpaceCounts';

export function ManageSpaces() {
  const mode = useStore(ui, (s) => s.spacesDialog);
  return mode ? <ManageSpacesDialog startWithNew={mode === 'new'} /> : null;
}

function ManageSpacesDialog({ startWithNew }: { startWithNew: boolean }) {
  const names = useStore(modelState, (s) => s.spaces);
  const book = useStore(modelState, (s) => s.spaceBook);
  const counts = useSpaceCounts();
  const [adding, setAdding] = useState(startWithNew);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [fresh, setFresh] = useState<string | null>(null);
  /** A space renamed here: its row comes back under the new name, and the keyboard with it. */
  const [renamed, setRenamed] = useState<string | null>(null);
  const titleId = useId();
  const root = useRef<HTMLDivElement>(null);
  const backdrop = useRef<HTMLDivElement>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  const close = () => ui.set({ spacesDialog: null });
  const deletingNow = useRef(deleting);
  deletingNow.current = deleting;

  // Esc pressed where the keyboard is outside both dialogs (a row that went away took the focus
  // with it) closes the one on top; inside, their own handlers do.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || backdrop.current?.contains(e.target as Node)) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      if (deletingNow.current) closeDelete();
      else ui.set({ spacesDialog: null });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  /** The delete dialog closed: back to the row's Delete…, or to the dialog when the row went. */
  const closeDelete = () => {
    const name = deletingNow.current;
    setDeleting(null);
    setTimeout(() => {
      const button = name ? root.current?.querySelector<HTMLElement>(`[data-testid="space-item"][data-space="${CSS.escape(name)}"] [data-testid="space-delete"]`) : null;
      (button ?? root.current)?.focus();
    }, 0);
  };

  /** The new space form closed: the keyboard goes back to the button that opens it. */
  const closeForm = () => {
    setAdding(false);
    setTimeout(() => newButton.current?.focus(), 0);
  };

  // "New space…" from the palette while the dialog is open already opens the form.
  const mode = useStore(ui, (s) => s.spacesDialog);
  useEffect(() => {
    if (mode === 'new') setAdding(true);
  }, [mode]);

  useEffect(() => {
    if (!startWithNew) root.current?.querySelector<HTMLElement>('[data-testid="space-name"]:not(:disabled)')?.focus();
    // Only on opening.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!renamed || !book.has(renamed)) return;
    root.current?.querySelector<HTMLElement>(`[data-testid="space-item"][data-space="${CSS.escape(renamed)}"] [data-testid="space-name"]`)?.focus();
    setRenamed(null);
  }, [book, renamed]);

  // A deleted space's confirmation has nothing left to ask about.
  useEffect(() => {
    if (deleting && !book.has(deleting)) setDeleting(null);
  }, [book, deleting]);

  const active = names.filter((n) => !book.get(n)?.archived);
  const archived = names.filter((n) => book.get(n)?.archived);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);

  const row = (n: string) => (
    <SpaceRow key={n} space={book.get(n)!} count={counts.get(n) ?? 0} fresh={fresh === n} onDelete={() => setDeleting(n)} onRenamed={setRenamed} />
  );

  return (
    <div ref={backdrop} className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !deleting && close()}>
      <div
        ref={root}
        className="modal spaces-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="spaces-dialog"
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            close();
            return;
          }
          const mod = e.ctrlKey || e.metaKey;
          if (mod && !e.altKey && e.key.toLowerCase() === 'z' && !typing(e.nativeEvent)) {
            e.preventDefault();
            void (e.shiftKey ? redoLast() : undoLast());
          }
        }}
      >
        <header className="spaces-head">
          <h2 id={titleId}>Spaces</h2>
          <span className="muted small">
            {names.length} {names.length === 1 ? 'space' : 'spaces'} · {memoriesText(total)}
          </span>
          <span className="spacer" />
          {!adding && (
            <button ref={newButton} type="button" className="primary" data-testid="new-space-open" onClick={() => setAdding(true)}>
              + New space
            </button>
          )}
        </header>
        <p className="muted small spaces-why">
          A space keeps memories apart: one person’s, one agent’s, one project’s. Recalls search every space unless told which; archived spaces keep
          their memories but take no new ones, stay off the graph unless picked, and are searched only when named.
        </p>
        {adding && (
          <NewSpaceForm
            onCancel={closeForm}
            onMade={(n) => {
              closeForm();
              setFresh(n);
            }}
          />
        )}
        <ul className="space-list" aria-label="Spaces">
          {active.map(row)}
        </ul>
        {archived.length > 0 && (
          <section className="space-list-archived" data-testid="spaces-archived">
            <h3>Archived</h3>
            <ul className="space-list" aria-label="Archived spaces">
              {archived.map(row)}
            </ul>
          </section>
        )}
        <div className="row end spaces-foot">
          <span className="muted small hint">
            Click a name or description to change it · <kbd>Enter</kbd> saves · <kbd>Esc</kbd> cancels · <kbd>Ctrl</kbd>+<kbd>Z</kbd> undoes
          </span>
          <button type="button" className="primary" onClick={close} data-testid="spaces-done">
            Done
          </button>
        </div>
      </div>
      {deleting && <DeleteSpace name={deleting} count={counts.get(deleting) ?? 0} onClose={closeDelete} />}
    </div>
  );
}
