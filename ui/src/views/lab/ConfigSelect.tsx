import { useEffect } from 'react';
import { lab, loadConfigs } from '../../state/lab';
import { useStore } from '../../state/store';

interface Props {
  /** The configuration picked; null: the default (or, with `ownLabel`, the trace's own). */
  value: string | null;
  onChange(name: string | null): void;
  /** What "no pick" means here: "Default (standard)" unless told otherwise. */
  ownLabel?: string;
  /** Offer "none" (for an optional second configuration). */
  noneLabel?: string;
  testId?: string;
  label?: string;
  disabled?: boolean;
}

/** Picks a named configuration (the built-in "standard" first); the default is marked. */
export function ConfigSelect({ value, onChange, ownLabel, noneLabel, testId, label = 'Configuration', disabled }: Props) {
  const book = useStore(lab, (s) => s.book);
  useEffect(() => {
    if (!lab.get().book) void loadConfigs();
  }, []);
  const empty = noneLabel ?? ownLabel ?? `Default${book ? ` (${book.default})` : ''}`;
  return (
    <select
      className="config-select"
      aria-label={label}
      data-testid={testId}
      value={value ?? ''}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
    >
      <option value="">{empty}</option>
      {book?.configs.map((c) => (
        <option key={c.name} value={c.name}>
          {c.name}
          {c.name === book.default ? ' ★ default' : ''}
        </option>
      ))}
    </select>
  );
}
