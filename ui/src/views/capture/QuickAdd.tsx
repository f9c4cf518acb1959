import { useEffect, useRef, useState } from 'react';
import { getApi } from '../../api';
import { MEMORY_KINDS, newMemory, type MemoryKind } from '../../api/types';
import { KIND_LABEL } from '../../graph/palette';
import { modelState } from '../../state/model';
import { DEFAULT_SPACE } from '../../state/spaceBook';
import { fieldError } from '../../state/spaceErrors';
import { quickAddDefault } from '../../state/spaceSelection';
import { useStore } from '../../state/store';
import { select, toast, toastError, ui } from '../../state/ui';
import { fromLocalInput } from '../inspector/timeFields';
import { QuickAddSpace } from '../spaces/QuickAddSpace';
import './when.css';

/**
 * Quick capture of a note from anywhere (Ctrl/Cmd+Shift+N, or `n`). Ctrl/Cmd+Enter saves. "When"
 * (the clock) opens an event time for it, in local time; without one the memory has none.
 */
export function QuickAdd() {
  const open = useStore(ui, (s) => s.quickAddOpen);
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<MemoryKind>('note');
  const [tags, setTags] = useState('');
  const [space, setSpace] = useState(DEFAULT_SPACE);
  const [spaceError, setSpaceError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // The event time as a datetime-local value; its row shows only once asked for.
  const [whenOpen, setWhenOpen] = useState(false);
  const [when, setWhen] = useState('');
  const [whenError, setWhenError] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const whenRef = useRef<HTMLInputElement>(null);
  const whenToggle = useRef<HTMLButtonElement>(null);

  // On opening, in the same render (no flash of the last one): the space the switcher shows,
  // when it shows one that takes memories; else the default.
  const [wasOpen, setWasOpen] = useState(false);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) {
      setSpace(quickAddDefault(ui.get().filters.spaces, modelState.get().spaceBook));
      setSpaceError(null);
    }
  }

  useEffect(() => {
    if (open) setTimeout(() => textRef.current?.focus(), 0);
  }, [open]);

  if (!open) return null;
  const close = () => ui.set({ quickAddOpen: false });

  const closeWhen = () => {
    setWhenOpen(false);
    setWhen('');
    setWhenError(null);
  };

  const submit = async () => {
    if (!text.trim() || saving) return;
    // A partly typed time reads as '' too: refuse it rather than add the memory without one.
    if (whenOpen && when === '' && whenRef.current?.validity.badInput) {
      setWhenError('Fill in the whole date and time, or remove it.');
      whenRef.current.focus();
      return;
    }
    const occurred = fromLocalInput(whenOpen ? when : '');
    if (!occurred.ok) {
      setWhenError(occurred.error);
      whenRef.current?.focus();
      return;
    }
    if (!space.trim()) {
      setSpaceError('Name the new space, or pick one there is.');
      return;
    }
    setSaving(true);
    try {
      const m = await getApi().addMemory(
        newMemory({
          text: text.trim(),
          title: title.trim() || null,
          kind,
          tags: tags.split(/[,\s]+/).map((t) => t.replace(/^#/, '')).filter(Boolean),
          space: space.trim(),
          source: 'user',
          occurred_at: occurred.value || null,
        }),
      );
      toast('success', 'Memory added', m.title || m.text.slice(0, 60));
      setText('');
      setTitle('');
      setTags('');
      closeWhen();
      close();
      select(m.id);
    } catch (e) {
      // An archived space (typed in, or archived meanwhile) is the space's fault: say so beside it.
      const f = fieldError(e, 'name');
      if ((e as { code?: string }).code === 'conflict' && /\barchived\b/.test(f.message)) setSpaceError(f.message);
      else toastError(e, 'add memory');
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label="Quick add"
        data-testid="quick-add"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            close();
          }
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
        }}
      >
        <h2>New memory</h2>
        <input className="qa-title" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Title (optional)" aria-label="Title" />
        <textarea
          ref={textRef}
          data-testid="quick-add-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={6}
          placeholder="What do you want to remember? [[Links]] and #tags are understood."
          aria-label="Text"
        />
        <div className="row">
          <select value={kind} onChange={(e) => setKind(e.target.value as MemoryKind)} aria-label="Kind">
            {MEMORY_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
          <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="tags" aria-label="Tags" />
          <QuickAddSpace
            value={space}
            error={spaceError}
            onChange={(v) => {
              setSpace(v);
              setSpaceError(null);
            }}
          />
          <button
            ref={whenToggle}
            type="button"
            className={`ghost qa-when-toggle${whenOpen ? ' on' : ''}`}
            aria-expanded={whenOpen}
            aria-controls="qa-when-row"
            title={whenOpen ? 'Remove the event time (the memory gets none)' : 'When did it happen? Set an event time (default: none)'}
            data-testid="quick-add-when-toggle"
            onClick={() => {
              if (whenOpen) closeWhen();
              else setWhenOpen(true);
            }}
          >
            <ClockIcon />
            <span>When</span>
          </button>
        </div>
        {whenOpen && (
          <div className="qa-when" id="qa-when-row">
            <label className="qa-when-label" htmlFor="qa-when-input">
              When
            </label>
            <input
              ref={whenRef}
              id="qa-when-input"
              type="datetime-local"
              value={when}
              // Opened by its toggle: the keyboard goes straight to the time.
              autoFocus
              aria-invalid={whenError !== null}
              data-testid="quick-add-when"
              onChange={(e) => {
                setWhen(e.target.value);
                setWhenError(null);
              }}
              onKeyDown={(e) => {
                // As in any one-line field of a form: Enter adds the memory.
                if (e.key === 'Enter' && !(e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  void submit();
                }
              }}
            />
            <span className="muted small qa-when-hint">{whenError ? '' : 'optional · your local time'}</span>
            <button
              type="button"
              className="icon qa-when-remove"
              title="Remove the event time"
              aria-label="Remove the event time"
              onClick={() => {
                closeWhen();
                // The row goes away under the keyboard: hand it back to the toggle.
                whenToggle.current?.focus();
              }}
            >
              ×
            </button>
            {whenError && (
              <span className="qa-when-error" role="alert" data-testid="quick-add-when-error">
                {whenError}
              </span>
            )}
          </div>
        )}
        <div className="row end">
          <span className="muted small hint">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> to save · <kbd>Esc</kbd> to close
          </span>
          <button className="ghost" onClick={close}>Cancel</button>
          <button className="primary" data-testid="quick-add-submit" disabled={saving || !text.trim()} onClick={() => void submit()}>
            {saving ? 'Saving…' : 'Add memory'}
          </button>
        </div>
      </div>
    </div>
  );
}

/** A small clock, drawn in the text colour so it follows the theme. */
function ClockIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round">
      <circle cx="8" cy="8" r="6.25" />
      <path d="M8 4.5V8l2.5 1.5" />
    </svg>
  );
}
