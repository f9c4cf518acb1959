import { useEffect, useRef, useState } from 'react';

interface Props {
  value: string;
  onSave(value: string): Promise<unknown> | void;
  multiline?: boolean;
  placeholder?: string;
  className?: string;
  testId?: string;
  label: string;
}

/**
 * Text edited in place: saves on Enter (Shift+Enter for a new line in long text) or on blur,
 * Escape restores the saved value. Shows nothing extra until it has focus.
 */
export function Editable({ value, onSave, multiline, placeholder, className, testId, label }: Props) {
  const [draft, setDraft] = useState(value);
  const [saving, setSaving] = useState(false);
  const cancelled = useRef(false);
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);

  useEffect(() => setDraft(value), [value]);

  // Grow the text area with its content, so long memories read without an inner scrollbar.
  useEffect(() => {
    const el = ref.current;
    if (multiline && el) {
      el.style.height = 'auto';
      el.style.height = `${Math.min(el.scrollHeight + 2, 420)}px`;
    }
  }, [draft, multiline]);

  const commit = async () => {
    if (cancelled.current) {
      cancelled.current = false;
      return;
    }
    if (draft === value) return;
    setSaving(true);
    try {
      await onSave(draft);
    } catch {
      setDraft(value);
    } finally {
      setSaving(false);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      cancelled.current = true;
      setDraft(value);
      ref.current?.blur();
    } else if (e.key === 'Enter' && !(multiline && e.shiftKey)) {
      e.preventDefault();
      ref.current?.blur();
    }
  };

  const common = {
    ref,
    value: draft,
    placeholder,
    'aria-label': label,
    'data-testid': testId,
    className: `editable ${className ?? ''}${saving ? ' saving' : ''}`,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setDraft(e.target.value),
    onBlur: () => void commit(),
    onKeyDown,
  };
  return multiline ? <textarea rows={3} {...common} /> : <input {...common} />;
}
