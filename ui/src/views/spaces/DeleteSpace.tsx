// Deleting a space, over the Manage spaces dialog. An empty space just goes. One that holds
// memories asks what becomes of them: moved to another space (an existing one, or a new one made
// for them; this can be undone), or purged for good (red, said to be irreversible, and confirmed
// by typing the space's name).
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { modelState } from '../../state/model';
import { DEFAULT_SPACE, memoriesText } from '../../state/spaceBook';
import type { FieldError } from '../../state/spaceErrors';
import { useStore } from '../../state/store';
import { SpaceDot } from './SpaceDot';
import { deleteSpace, type Disposal } from './spaceActions';
import { PurgeProgress } from '../purge/PurgeProgress';

const NEW = '\u0000new';

export function DeleteSpace({ name, count, onClose }: { name: string; count: number; onClose(): void }) {
  const names = useStore(modelState, (s) => s.spaces);
  const book = useStore(modelState, (s) => s.spaceBook);
  const titleId = useId();
  const targets = names.filter((n) => n !== name && !book.get(n)?.archived);
  const [mode, setMode] = useState<'move' | 'purge'>('move');
  const [target, setTarget] = useState(targets.includes(DEFAULT_SPACE) ? DEFAULT_SPACE : (targets[0] ?? NEW));
  const [newName, setNewName] = useState('');
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const empty = count === 0;

  // At once: a key pressed right after opening must not reach the button that opened it.
  useLayoutEffect(() => cancel.current?.focus(), []);

  const close = () => !busy && onClose();
  const moveTo = target === NEW ? newName.trim() : target;
  const moveProblem = (): string | null => {
    if (!moveTo) return 'Name the new space the memories go to.';
    if (moveTo === name) return 'Name another space than the one deleted.';
    if (book.get(moveTo)?.archived) return `“${moveTo}” is archived: it takes no new memories. Unarchive it first, or pick another.`;
    return null;
  };
  const ready = empty || (mode === 'move' ? moveTo !== '' : typed.trim() === name);

  const confirm = async () => {
    if (!ready || busy) return;
    let what: Disposal = { kind: 'empty' };
    if (!empty && mode === 'move') {
      const problem = moveProblem();
      if (problem) return setError({ field: 'move_to', message: problem });
      what = { kind: 'move', to: moveTo };
    } else if (!empty) what = { kind: 'purge' };
    setBusy(true);
    setError(null);
    const refused = await deleteSpace(name, what);
    setBusy(false);
    if (refused) setError(refused);
    else onClose();
  };

  const purging = !empty && mode === 'purge';
  return (
    <div className="modal-backdrop over" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="modal space-delete-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-busy={busy}
        data-testid="space-delete-dialog"
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          // Closes this one only: the Manage spaces dialog stays.
          e.stopPropagation();
          close();
        }}
      >
        <h2 id={titleId}>
          Delete space <SpaceDot name={name} /> “{name}”?
        </h2>
        {empty ? (
          <p className="muted">It holds no memories. You can undo this.</p>
        ) : (
          <>
            <p>
              It holds <b data-testid="space-delete-count">{memoriesText(count)}</b>. What becomes of {count === 1 ? 'it' : 'them'}?
            </p>
            <label className={`space-choice${mode === 'move' ? ' on' : ''}`}>
              <input type="radio" name="space-delete-mode" checked={mode === 'move'} onChange={() => setMode('move')} data-testid="space-delete-move" />
              <span className="space-choice-body">
                <span className="space-choice-title">Move {count === 1 ? 'it' : 'them'} to another space</span>
                <span className="space-move-to">
                  <select
                    aria-label="Space to move them to"
                    data-testid="space-delete-target"
                    value={target}
                    disabled={mode !== 'move' || busy}
                    onChange={(e) => {
                      setTarget(e.target.value);
                      setError(null);
                    }}
                  >
                    {targets.map((t) => (
                      <option key={t} value={t}>
                        {t}
                      </option>
                    ))}
                    <option value={NEW}>New space…</option>
                  </select>
                  {target === NEW && (
                    <input
                      autoFocus
                      placeholder="Name of the new space"
                      aria-label="Name of the new space"
                      data-testid="space-delete-new"
                      value={newName}
                      disabled={mode !== 'move' || busy}
                      aria-invalid={error?.field === 'move_to' ? true : undefined}
                      onChange={(e) => {
                        setNewName(e.target.value);
                        setError(null);
                      }}
                      onKeyDown={(e) => e.key === 'Enter' && void confirm()}
                    />
                  )}
                </span>
                {error?.field === 'move_to' && mode === 'move' ? (
                  <span className="space-field-error" role="alert" data-testid="space-delete-error">
                    {error.message}
                  </span>
                ) : (
                  <span className="muted small">The memories keep everything but their space. You can undo this.</span>
                )}
              </span>
            </label>
            <label className={`space-choice danger${mode === 'purge' ? ' on' : ''}`}>
              <input type="radio" name="space-delete-mode" checked={mode === 'purge'} onChange={() => setMode('purge')} data-testid="space-delete-purge" />
              <span className="space-choice-body">
                <span className="space-choice-title">Purge {count === 1 ? 'it' : 'them'} for good</span>
                <span className="muted small">Erased from disk, with their links and history.</span>
              </span>
            </label>
            {purging && (
              <div className="space-purge" data-testid="space-purge-warning">
                <p className="purge-warning">
                  Purging erases the {memoriesText(count)} of “{name}” — their text, links, history, and any retrieval trace that found them — from every
                  file of the store. <b>This cannot be undone.</b>
                </p>
                <label className="space-confirm-name">
                  <span>
                    Type <b>{name}</b> to confirm
                  </span>
                  <input
                    autoFocus
                    value={typed}
                    data-testid="space-delete-confirm-name"
                    aria-label={`Type ${name} to confirm`}
                    disabled={busy}
                    spellCheck={false}
                    autoComplete="off"
                    onChange={(e) => setTyped(e.target.value)}
                    onKeyDown={(e) => e.key === 'Enter' && void confirm()}
                  />
                </label>
              </div>
            )}
          </>
        )}
        {error && error.field !== 'move_to' && (
          <p className="space-field-error block" role="alert" data-testid="space-delete-error">
            {error.message}
          </p>
        )}
        {busy && purging && <PurgeProgress />}
        <div className="row end">
          <span className="muted small hint">
            <kbd>Esc</kbd> to cancel
          </span>
          <button ref={cancel} type="button" className="ghost" disabled={busy} onClick={close} data-testid="space-delete-cancel">
            Cancel
          </button>
          <button
            type="button"
            className={purging ? 'purge-confirm' : 'danger solid'}
            data-testid="space-delete-confirm"
            disabled={!ready || busy}
            onClick={() => void confirm()}
          >
            {busy ? (purging ? 'Purging…' : 'Deleting…') : empty ? 'Delete space' : purging ? `Purge ${memoriesText(count)} and delete` : `Move ${memoriesText(count)} and delete`}
          </button>
        </div>
      </div>
    </div>
  );
}
