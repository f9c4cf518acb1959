// A value edited in place: shown as text until clicked (or Enter / F2 on it), then a field.
// Enter saves, Escape cancels; leaving it saves a change, unless that change was just refused.
// A refusal shows beside the field, which stays open with what was typed.
import { useEffect, useRef, useState } from 'react';

interface Props {
  value: string;
  label: string;
  testId: string;
  placeholder?: string;
  /** Shown instead of the value when it cannot be edited, as a tooltip. */
  locked?: string | null;
  /** Checked before saving: a problem, or null. */
  check?(value: string): string | null;
  /** Saves; resolves to the refusal's message, or null when saved. */
  onSave(value: string): Promise<string | null>;
  className?: string;
  /** Opens in editing mode (a new row's name, say). */
  startEditing?: boolean;
}

export function InlineField({ value, label, testId, placeholder, locked, check, onSave, className, startEditing = false }: Props) {
  const [editing, setEditing] = useState(startEditing);
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The value last refused: leaving the field does not send it again. */
  const refused = useRef<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const shown = useRef<HTMLButtonElement>(null);
  // Escape and Enter hand the keyboard back to the value; a click elsewhere leaves it there.
  const refocus = useRef(false);
  /** Set once the field is closing, so that the blur its removal may cause saves nothing. */
  const closing = useRef(false);

  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);

  useEffect(() => {
    if (editing) {
      closing.current = false;
      input.current?.focus();
      input.current?.select();
    } else if (refocus.current) {
      refocus.current = false;
      shown.current?.focus();
    }
  }, [editing]);

  const close = (focusBack: boolean) => {
    closing.current = true;
    refocus.current = focusBack;
    setEditing(false);
    setError(null);
    refused.current = null;
  };

  const save = async (focusBack: boolean) => {
    if (busy) return;
    if (draft.trim() === value.trim()) return close(focusBack);
    const problem = check?.(draft) ?? null;
    if (problem) {
      setError(problem);
      refused.current = draft;
      return;
    }
    setBusy(true);
    const refusal = await onSave(draft);
    setBusy(false);
    if (refusal) {
      setError(refusal);
      refused.current = draft;
      input.current?.focus();
    } else close(focusBack);
  };

  if (!editing) {
    return (
      <button
        ref={shown}
        type="button"
        className={`inline-value ${className ?? ''}${value ? '' : ' empty'}`}
        data-testid={testId}
        disabled={!!locked}
        title={locked ?? `${label}: click to change`}
        aria-label={`${label}: ${value || 'none'}${locked ? '' : ', press Enter to change'}`}
        onClick={() => setEditing(true)}
        onKeyDown={(e) => {
          if (e.key === 'F2') setEditing(true);
        }}
      >
        <span className="inline-text">{value || placeholder}</span>
        {!locked && <span className="inline-pencil" aria-hidden="true">✎</span>}
      </button>
    );
  }

  const errorId = `${testId}-error`;
  return (
    <span className={`inline-edit ${className ?? ''}`}>
      <input
        ref={input}
        value={draft}
        placeholder={placeholder}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        data-testid={`${testId}-input`}
        readOnly={busy}
        className={busy ? 'saving' : ''}
        onChange={(e) => {
          setDraft(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            // Cancels this field only: the dialog stays.
            e.stopPropagation();
            e.preventDefault();
            setDraft(value);
            close(true);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            void save(true);
          }
        }}
        onBlur={() => {
          if (busy || closing.current) return;
          if (draft === refused.current) return;
          void save(false);
        }}
      />
      {error && (
        <span className="space-field-error" id={errorId} role="alert" data-testid={errorId}>
          {error}
        </span>
      )}
    </span>
  );
}
