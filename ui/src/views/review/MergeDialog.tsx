// Merging memories into one: the person picks the survivor and its text, sees the survivor as
// the engine would make it (tags, names, links moved and dropped), and confirms.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { getApi } from '../../api';
import type { Memory, MergePreview } from '../../api/types';
import { closeMerge, curate, type MergeTask } from '../../state/curate';
import { model } from '../../state/model';
import { useStore } from '../../state/store';
import { clearMulti, toast, toastError, ui } from '../../state/ui';
import { undoLast } from '../../state/undo';
import { fmtAgo } from '../shell/format';
import { nameOf } from './actions';
import { chosenText, combinedText, fitChoice, mergeRequest, type TextChoice } from './merge';
import { MergePreviewView } from './MergePreviewView';

/** Mounted once; shows while a merge is asked for. */
export function MergeDialog() {
  const task = useStore(curate, (s) => s.merge);
  return task ? <MergeForm key={task.ids.join(',')} task={task} /> : null;
}

function MergeForm({ task }: { task: MergeTask }) {
  const titleId = useId();
  const members = useMemo(
    () => task.ids.map((id) => model.memories.get(id) ?? null).filter((m): m is Memory => m !== null),
    [task.ids],
  );
  const [keep, setKeep] = useState<string | null>(null);
  const [choice, setChoice] = useState<TextChoice>({ kind: 'keep' });
  const [draft, setDraft] = useState('');
  const [edited, setEdited] = useState(false);
  const [preview, setPreview] = useState<MergePreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saving, setSaving] = useState(false);
  const first = useRef<HTMLInputElement>(null);

  const survivor = keep ?? preview?.survivor.id ?? null;
  const text = chosenText(choice, members, draft);

  // The combined text follows the survivor (it goes first) until the person edits it.
  useEffect(() => {
    if (survivor && !edited) setDraft(combinedText(members, survivor));
  }, [survivor, members, edited]);

  // The preview is the engine's own answer, asked again (briefly debounced) at every change.
  useEffect(() => {
    let live = true;
    setBusy(true);
    const t = window.setTimeout(() => {
      getApi()
        .previewMerge(mergeRequest(task.ids, keep, text))
        .then(
          (p) => {
            if (!live) return;
            setPreview(p);
            setProblem(null);
          },
          (e) => live && setProblem((e as Error).message),
        )
        .finally(() => live && setBusy(false));
    }, preview ? 250 : 0);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [task.ids, keep, text]);

  useEffect(() => {
    const t = setTimeout(() => first.current?.focus(), 0);
    return () => clearTimeout(t);
  }, []);

  const confirm = async () => {
    if (!survivor || saving || problem) return;
    setSaving(true);
    try {
      const merged = await getApi().merge(mergeRequest(task.ids, survivor, text));
      const absorbed = task.ids.filter((id) => id !== merged.id);
      toast('success', `Merged ${task.ids.length} memories`, `Into ${nameOf(merged.id, merged)}`, [
        { label: 'Undo', run: () => void undoLast() },
      ]);
      // Whatever showed a memory that is gone now shows the survivor.
      const s = ui.get();
      if (s.multi.some((id) => task.ids.includes(id))) clearMulti();
      if (s.selectedId && absorbed.includes(s.selectedId)) ui.set({ selectedId: merged.id });
      closeMerge();
      task.onMerged?.(merged);
    } catch (e) {
      toastError(e, 'merge');
      setProblem((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const pickSurvivor = (id: string) => {
    setKeep(id);
    setChoice((c) => fitChoice(c, id));
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeMerge()}>
      <div
        className="modal merge-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="merge-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            closeMerge();
          } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void confirm();
          }
        }}
      >
        <h2 id={titleId}>Merge {task.ids.length} memories</h2>
        {members.length < task.ids.length && (
          <p className="rv-error">Some of these memories are not on the graph any more; the merge may be refused.</p>
        )}
        <div className="merge-grid">
          <div className="merge-choices">
            <fieldset>
              <legend>Survivor: the memory that carries on</legend>
              {members.map((m, i) => (
                <label key={m.id} className={`merge-option${survivor === m.id ? ' on' : ''}`}>
                  <input
                    ref={i === 0 ? first : undefined}
                    type="radio"
                    name="survivor"
                    checked={survivor === m.id}
                    onChange={() => pickSurvivor(m.id)}
                    data-testid="merge-survivor"
                    value={m.id}
                  />
                  <span className={`kind-dot k-${m.kind}`} aria-hidden="true" />
                  <span className="merge-option-body">
                    <span className="merge-option-title">{m.title || m.text}</span>
                    <span className="muted small">
                      {m.kind} · {m.source} · {fmtAgo(m.created_at)}
                      {m.pinned ? ' · pinned' : ''}
                    </span>
                  </span>
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>Text afterwards</legend>
              <label className="merge-option">
                <input type="radio" name="text" checked={choice.kind === 'keep'} onChange={() => setChoice({ kind: 'keep' })} />
                <span>Keep the survivor’s text</span>
              </label>
              {members
                .filter((m) => m.id !== survivor)
                .map((m) => (
                  <label key={m.id} className="merge-option">
                    <input
                      type="radio"
                      name="text"
                      checked={choice.kind === 'take' && choice.id === m.id}
                      onChange={() => setChoice({ kind: 'take', id: m.id })}
                    />
                    <span>Take the text of {nameOf(m.id, m)}</span>
                  </label>
                ))}
              <label className="merge-option">
                <input
                  type="radio"
                  name="text"
                  data-testid="merge-text-combined"
                  checked={choice.kind === 'combined'}
                  onChange={() => setChoice({ kind: 'combined' })}
                />
                <span>Combine the texts</span>
              </label>
              {choice.kind === 'combined' && (
                <div className="merge-combined">
                  <textarea
                    value={draft}
                    rows={6}
                    aria-label="Combined text"
                    data-testid="merge-text"
                    onChange={(e) => {
                      setDraft(e.target.value);
                      setEdited(true);
                    }}
                  />
                  {edited && survivor && (
                    <button
                      className="link small"
                      onClick={() => {
                        setEdited(false);
                        setDraft(combinedText(members, survivor));
                      }}
                    >
                      Start again from the texts
                    </button>
                  )}
                </div>
              )}
            </fieldset>
          </div>
          <MergePreviewView preview={preview} busy={busy} problem={problem} />
        </div>
        <div className="row end">
          <span className="muted small hint">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> to merge · <kbd>Esc</kbd> to cancel · undo with <kbd>Ctrl</kbd>+<kbd>Z</kbd>
          </span>
          <button className="ghost" onClick={closeMerge}>
            Cancel
          </button>
          <button
            className="primary"
            data-testid="merge-confirm"
            disabled={!survivor || !preview || saving || problem !== null || (choice.kind === 'combined' && !draft.trim())}
            onClick={() => void confirm()}
          >
            {saving ? 'Merging…' : `Merge ${task.ids.length} memories`}
          </button>
        </div>
      </div>
    </div>
  );
}
