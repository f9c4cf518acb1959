import { useEffect, useRef, useState } from 'react';
import { getApi } from '../../api';
import { MEMORY_KINDS, newMemory, type MemoryKind } from '../../api/types';
import { KIND_LABEL } from '../../graph/palette';
import { modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { select, toast, toastError, ui } from '../../state/ui';

/** Quick capture of a note from anywhere (Ctrl/Cmd+Shift+N, or `n`). Ctrl/Cmd+Enter saves. */
export function QuickAdd() {
  const open = useStore(ui, (s) => s.quickAddOpen);
  const spaces = useStore(modelState, (s) => s.spaces);
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<MemoryKind>('note');
  const [tags, setTags] = useState('');
  const [space, setSpace] = useState('');
  const [saving, setSaving] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (open) setTimeout(() => textRef.current?.focus(), 0);
  }, [open]);

  if (!open) return null;
  const close = () => ui.set({ quickAddOpen: false });

  const submit = async () => {
    if (!text.trim()) return;
    setSaving(true);
    try {
      const m = await getApi().addMemory(
        newMemory({
          text: text.trim(),
          title: title.trim() || null,
          kind,
          tags: tags.split(/[,\s]+/).map((t) => t.replace(/^#/, '')).filter(Boolean),
          space: space || null,
          source: 'user',
        }),
      );
      toast('success', 'Memory added', m.title || m.text.slice(0, 60));
      setText('');
      setTitle('');
      setTags('');
      close();
      select(m.id);
    } catch (e) {
      toastError(e, 'add memory');
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
          <input list="qa-spaces" value={space} onChange={(e) => setSpace(e.target.value)} placeholder="space (default)" aria-label="Space" />
          <datalist id="qa-spaces">
            {spaces.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </div>
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
