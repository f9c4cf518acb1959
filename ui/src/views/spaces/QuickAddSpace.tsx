// Quick add's space: a pick among the spaces that take memories (archived ones do not), or a new
// name typed in, which the engine makes along with the memory.
import { useState } from 'react';
import { modelState } from '../../state/model';
import { DEFAULT_SPACE } from '../../state/spaceBook';
import { useStore } from '../../state/store';
import { SpaceDot } from './SpaceDot';

const NEW = '\u0000new';

interface Props {
  value: string;
  onChange(space: string): void;
  /** Why the engine refused the space (an archived one typed in), shown beside it. */
  error: string | null;
}

export function QuickAddSpace({ value, onChange, error }: Props) {
  const names = useStore(modelState, (s) => s.spaces);
  const book = useStore(modelState, (s) => s.spaceBook);
  const choices = names.filter((n) => !book.get(n)?.archived);
  const [typing, setTyping] = useState(false);
  const typed = typing || (value !== '' && !choices.includes(value));

  const field = typed ? (
    <span className="qa-space">
      <SpaceDot name={value.trim() || '?'} />
      <input
        autoFocus={typing}
        value={value}
        placeholder="New space’s name"
        aria-label="New space"
        aria-invalid={error ? true : undefined}
        data-testid="quick-add-space-new"
        onChange={(e) => onChange(e.target.value)}
      />
      <button
        type="button"
        className="icon"
        title="Pick a space there is instead"
        aria-label="Pick a space there is instead"
        onClick={() => {
          setTyping(false);
          onChange(DEFAULT_SPACE);
        }}
      >
        ×
      </button>
    </span>
  ) : (
    <span className="qa-space">
      <SpaceDot name={value} />
      <select
        value={value}
        aria-label="Space"
        title="The space it goes in (archived spaces take no new memories)"
        data-testid="quick-add-space"
        onChange={(e) => {
          if (e.target.value === NEW) {
            setTyping(true);
            onChange('');
          } else onChange(e.target.value);
        }}
      >
        {choices.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
        <option value={NEW}>New space…</option>
      </select>
    </span>
  );
  return (
    <>
      {field}
      {error && (
        <span className="qa-space-error" role="alert" data-testid="quick-add-space-error">
          {error}
        </span>
      )}
    </>
  );
}
