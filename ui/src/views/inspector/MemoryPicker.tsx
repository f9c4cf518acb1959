import { useMemo, useState } from 'react';
import type { Memory } from '../../api/types';
import { searchMemories } from '../../graph/search';
import { model, modelState } from '../../state/model';
import { useStore } from '../../state/store';

interface Props {
  /** Memories not to offer (the one being edited). */
  exclude: string | readonly string[];
  onPick(m: Memory): void;
  placeholder?: string;
  label?: string;
  autoFocus?: boolean;
  /** Offer only memories this accepts (say, those that can still be merged). */
  accept?(m: Memory): boolean;
  testId?: string;
}

/** Finds a memory by title or text, for picking a link target, a merge partner, a successor. */
export function MemoryPicker({ exclude, onPick, placeholder = 'Find the memory to link to…', label = 'Link target', autoFocus, accept, testId }: Props) {
  const [q, setQ] = useState('');
  const version = useStore(modelState, (s) => s.version);
  const excluded = typeof exclude === 'string' ? [exclude] : exclude;
  const key = excluded.join(',');
  const hits = useMemo(
    () =>
      q.trim().length < 2
        ? []
        : searchMemories(model.memories, q, 12)
            .filter((m) => !excluded.includes(m.id) && (!accept || accept(m)))
            .slice(0, 6),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [q, key, version, accept],
  );
  return (
    <div className="picker">
      <input
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={placeholder}
        aria-label={label}
        autoFocus={autoFocus}
        data-testid={testId}
      />
      {hits.length > 0 && (
        <ul className="picker-list">
          {hits.map((m) => (
            <li key={m.id}>
              <button onClick={() => { onPick(m); setQ(''); }}>
                <span className={`kind-dot k-${m.kind}`} />
                {m.title || m.text.slice(0, 60)}
                {m.status !== 'active' && <span className="muted small"> · {m.status}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
