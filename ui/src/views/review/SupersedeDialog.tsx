// "Superseded by…": a memory stops holding, replaced by another one that exists already or by a
// new statement written here. The old one stays, closed at the moment the new one starts.
import { useEffect, useId, useRef, useState } from 'react';
import { getApi } from '../../api';
import { newMemory, type Memory } from '../../api/types';
import { closeSupersede, curate, type SupersedeTask } from '../../state/curate';
import { model } from '../../state/model';
import { useStore } from '../../state/store';
import { toast, toastError } from '../../state/ui';
import { undoLast } from '../../state/undo';
import { MemoryPicker } from '../inspector/MemoryPicker';
import { nameOf } from './actions';

/** Mounted once; shows while a supersede is asked for. */
export function SupersedeDialog() {
  const task = useStore(curate, (s) => s.supersede);
  return task ? <SupersedeForm key={task.id} task={task} /> : null;
}

const replaceable = (m: Memory) => m.status !== 'merged' && m.status !== 'forgotten';

function SupersedeForm({ task }: { task: SupersedeTask }) {
  const titleId = useId();
  const old = model.memories.get(task.id);
  const [mode, setMode] = useState<'write' | 'pick'>('write');
  const [by, setBy] = useState<Memory | null>(null);
  const [text, setText] = useState(old?.text ?? '');
  const [title, setTitle] = useState('');
  const [from, setFrom] = useState('');
  const [saving, setSaving] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);

  // The old text is there to edit into the new one: selected, so typing replaces it.
  useEffect(() => {
    const t = setTimeout(() => {
      textRef.current?.focus();
      textRef.current?.select();
    }, 0);
    return () => clearTimeout(t);
  }, []);

  const ready = mode === 'pick' ? by !== null : text.trim() !== '' && text.trim() !== old?.text.trim();

  const submit = async () => {
    if (!ready || saving) return;
    setSaving(true);
    try {
      const result = await getApi().supersede(
        mode === 'pick'
          ? { id: task.id, by: by!.id, new: null }
          : {
              id: task.id,
              by: null,
              new: newMemory({
                text: text.trim(),
                title: title.trim() || null,
                kind: old?.kind ?? null,
                tags: old ? [...old.tags] : [],
                space: old?.space ?? null,
                session: old?.session ?? null,
                source: 'user',
                valid_from: from ? new Date(from).toISOString() : null,
              }),
            },
      );
      toast('success', 'Superseded', `${nameOf(result.new.id, result.new)} replaces ${nameOf(result.old.id, result.old)}`, [
        { label: 'Undo', run: () => void undoLast() },
      ]);
      closeSupersede();
      task.onDone?.(result);
    } catch (e) {
      toastError(e, 'supersede');
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeSupersede()}>
      <div
        className="modal supersede-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="supersede-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            closeSupersede();
          } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        <h2 id={titleId}>Superseded by…</h2>
        <p className="muted small">
          {old ? nameOf(old.id, old) : task.id} stops holding when its replacement starts; it stays in the history, and “as of” views
          before then still show it.
        </p>
        <div className="seg" role="group" aria-label="Replacement">
          <button aria-pressed={mode === 'write'} className={mode === 'write' ? 'on' : ''} onClick={() => setMode('write')}>
            Write the new statement
          </button>
          <button aria-pressed={mode === 'pick'} className={mode === 'pick' ? 'on' : ''} onClick={() => setMode('pick')}>
            An existing memory
          </button>
        </div>
        {mode === 'write' ? (
          <>
            <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Title (optional)" aria-label="Title" />
            <textarea
              ref={textRef}
              rows={5}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-label="What holds now"
              data-testid="supersede-text"
            />
            <label className="field-inline">
              <span>Holds from</span>
              <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="Holds from (now if empty)" />
              <span className="muted small">{from ? '' : 'now'}</span>
            </label>
          </>
        ) : by ? (
          <div className="picked">
            <span className={`kind-dot k-${by.kind}`} />
            {by.title || by.text.slice(0, 80)}
            <button className="mini" onClick={() => setBy(null)}>
              Change
            </button>
          </div>
        ) : (
          <MemoryPicker
            exclude={task.id}
            onPick={setBy}
            accept={replaceable}
            placeholder="Find the memory that replaces it…"
            label="Replacement"
            autoFocus
          />
        )}
        <div className="row end">
          <span className="muted small hint">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> to save · <kbd>Esc</kbd> to cancel
          </span>
          <button className="ghost" onClick={closeSupersede}>
            Cancel
          </button>
          <button className="primary" data-testid="supersede-confirm" disabled={!ready || saving} onClick={() => void submit()}>
            {saving ? 'Saving…' : 'Supersede'}
          </button>
        </div>
      </div>
    </div>
  );
}
