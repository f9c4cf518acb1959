// The purge dialogs' shell: a modal that says what is about to be erased, with Cancel first and
// an explicit destructive button; while the purge runs (it compacts the store, which can take
// seconds) it shows progress and cannot be dismissed half way.
import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { closePurge } from '../../state/purge';
import './purge.css';
import { PurgeProgress } from './PurgeProgress';

interface Props {
  title: string;
  testId: string;
  busy: boolean;
  confirmLabel: string;
  canConfirm: boolean;
  onConfirm(): void;
  /** Where the keyboard starts; Cancel when not given, so a stray Enter purges nothing. */
  focusFirst?: boolean;
  children: ReactNode;
}

export function PurgeFrame({ title, testId, busy, confirmLabel, canConfirm, onConfirm, focusFirst = true, children }: Props) {
  const titleId = useId();
  const cancel = useRef<HTMLButtonElement>(null);

  // At once, in the commit that shows the dialog: a key pressed right after opening it must not
  // reach the button that opened it.
  useLayoutEffect(() => {
    if (focusFirst) cancel.current?.focus();
  }, [focusFirst]);

  const close = () => {
    if (!busy) closePurge();
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="modal purge-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-busy={busy}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.stopPropagation();
          close();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
        {busy && <PurgeProgress />}
        <div className="row end">
          <span className="muted small hint">
            <kbd>Esc</kbd> to cancel
          </span>
          <button ref={cancel} className="ghost" data-testid="purge-cancel" disabled={busy} onClick={close}>
            Cancel
          </button>
          <button className="purge-confirm" data-testid="purge-confirm" disabled={!canConfirm || busy} onClick={onConfirm}>
            {busy ? 'Purging…' : confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
