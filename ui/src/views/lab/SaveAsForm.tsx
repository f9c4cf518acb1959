import { useState } from 'react';
import type { SolidConfig } from '../../api/types';
import { configErrors, nameError } from '../../lab/configFields';
import { lab, saveConfig } from '../../state/lab';
import { useStore } from '../../state/store';

interface Props {
  config: SolidConfig;
  /** Called with the new name once saved. */
  onSaved(name: string): void;
  onCancel?(): void;
  label?: string;
}

/** Saves weights under a new name (checked as the server checks it, and not over another). */
export function SaveAsForm({ config, onSaved, onCancel, label = 'Save as' }: Props) {
  const book = useStore(lab, (s) => s.book);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(false);
  const taken = book?.configs.map((c) => c.name) ?? [];
  const error = nameError(name, taken);
  const invalid = configErrors(config);
  const submit = async () => {
    setTouched(true);
    if (error || invalid.length) return;
    setBusy(true);
    const ok = await saveConfig(name.trim(), config);
    setBusy(false);
    if (ok) onSaved(name.trim());
  };
  return (
    <form
      className="save-as"
      data-testid="config-save-as"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <input
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="Name, e.g. graph-heavy"
        aria-label="Configuration name"
        data-testid="config-name"
        autoFocus
        onKeyDown={(e) => {
          if (e.key === 'Escape' && onCancel) {
            e.stopPropagation();
            onCancel();
          }
        }}
      />
      <button type="submit" className="primary" data-testid="config-save-as-submit" disabled={busy || (touched && !!error) || invalid.length > 0}>
        {busy ? 'Saving…' : label}
      </button>
      {onCancel && (
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel
        </button>
      )}
      {touched && error && <span className="cfg-error small" data-testid="config-name-error">{error}</span>}
      {invalid.length > 0 && <span className="cfg-error small">Fix {invalid.length === 1 ? 'the field' : `${invalid.length} fields`} outside the bounds first</span>}
    </form>
  );
}
