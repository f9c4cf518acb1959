// One time field of a memory (when it happened, when it holds from or until), edited in place as a
// datetime-local in the person's own time zone; the engine stores the UTC instant.
import { useRef, useState } from 'react';
import { fmtDate } from '../shell/format';
import { fromLocalInput, toLocalInput, type TimeField } from './timeFields';
import './time.css';
import { editKeys } from './editKeys';

interface Props {
  field: TimeField;
  /** The field's name as the inspector shows it, for labels and titles. */
  label: string;
  value: string | null;
  /** The memory's version as shown: an edit is made against the version it started from. */
  version: number;
  /** Why a proposed value (RFC 3339, or null for none) cannot be saved; null when it can. */
  check?(next: string | null): string | null;
  /** Saves RFC 3339, or '' to clear; rejects when the save failed (the caller says why). */
  onSave(value: string, version: number): Promise<unknown>;
}

/**
 * Shows the time readably; click (or Enter on it) to edit. Enter or leaving the field saves, Esc
 * cancels, "Clear" sets it to none. A value the checks refuse stays open with the reason beside it.
 */
export function TimeEditor({ field, label, value, version, check, onSave }: Props) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // The version the edit began from: what was shown when the person decided on the new value.
  const from = useRef(version);
  // Set while an edit ends, so the blur that follows Enter, Esc or a save does not commit again.
  const ending = useRef(false);
  const input = useRef<HTMLInputElement>(null);
  const shown = useRef<HTMLButtonElement>(null);
  const testId = `time-${field}`;

  const begin = () => {
    from.current = version;
    ending.current = false;
    setDraft(toLocalInput(value));
    setError(null);
    setEditing(true);
  };

  const end = (refocus: boolean) => {
    ending.current = true;
    setEditing(false);
    setError(null);
    // Back on the value, so the keyboard carries on from where the edit began.
    if (refocus) setTimeout(() => shown.current?.focus(), 0);
  };

  const save = async (next: string, refocus: boolean) => {
    ending.current = true;
    setSaving(true);
    try {
      await onSave(next, from.current);
    } catch {
      // The caller has shown why (a toast) and reloads on a conflict: show what is stored now.
    } finally {
      setSaving(false);
      end(refocus);
    }
  };

  const commit = (refocus: boolean) => {
    if (ending.current || saving) return;
    if (draft === toLocalInput(value)) return end(refocus);
    // A partly typed datetime-local reads as '' too, which must not clear the field.
    if (draft === '' && input.current?.validity.badInput) {
      setError('Fill in the whole date and time, or Clear it.');
      return;
    }
    const parsed = fromLocalInput(draft);
    if (!parsed.ok) return setError(parsed.error);
    const refused = check?.(parsed.value || null);
    if (refused) return setError(refused);
    void save(parsed.value, refocus);
  };

  const clear = () => {
    if (saving) return;
    if (!value) return end(true);
    if (!editing) from.current = version;
    void save('', true);
  };

  if (!editing) {
    return (
      <span className="time-field" data-testid={testId} data-value={value ?? ''}>
        <button
          ref={shown}
          className={`time-value${value ? '' : ' none'}${saving ? ' saving' : ''}`}
          onClick={begin}
          title={value ? `${label}: ${value} (UTC). Click to change` : `Set ${label.toLowerCase()}`}
          aria-label={`${label}: ${value ? fmtDate(value) : 'not set'}. Edit`}
          data-testid={`${testId}-value`}
        >
          {value ? fmtDate(value) : 'not set'}
        </button>
        {value && (
          <button className="time-clear" onClick={clear} disabled={saving} title={`Clear ${label.toLowerCase()} (set it to none)`} aria-label={`Clear ${label.toLowerCase()}`} data-testid={`${testId}-clear`}>
            ×
          </button>
        )}
      </span>
    );
  }

  return (
    <span
      className="time-field editing"
      data-testid={testId}
      data-value={value ?? ''}
      // Focus moving between the input and its own Clear button is not leaving the field.
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) commit(false);
      }}
    >
      <span className="time-edit-row">
        <input
          ref={input}
          type="datetime-local"
          className={`time-input${saving ? ' saving' : ''}`}
          value={draft}
          autoFocus
          aria-label={label}
          aria-invalid={error !== null}
          aria-describedby={error ? `${testId}-error` : undefined}
          data-testid={`${testId}-input`}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(null);
          }}
          onKeyDown={editKeys(() => commit(true), () => end(true))}
        />
        {value && (
          <button
            className="mini time-clear-edit"
            // Keep the focus in the input, so pressing Clear is not a blur that saves the draft first.
            onMouseDown={(e) => e.preventDefault()}
            onClick={clear}
            disabled={saving}
            title={`Clear ${label.toLowerCase()} (set it to none)`}
            data-testid={`${testId}-clear`}
          >
            Clear
          </button>
        )}
      </span>
      {error && (
        <span className="time-error" role="alert" id={`${testId}-error`} data-testid={`${testId}-error`}>
          {error}
        </span>
      )}
    </span>
  );
}
