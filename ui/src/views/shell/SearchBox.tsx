import { forwardRef, useEffect, useMemo, useState } from 'react';
import type { Memory } from '../../api/types';
import { searchMemories } from '../../graph/search';
import { model } from '../../state/model';
import { select } from '../../state/ui';
import { focusMemory } from '../graph/graphRef';

/** Finds a memory by title or text and flies the camera to it. */
export const SearchBox = forwardRef<HTMLInputElement>(function SearchBox(_, ref) {
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(q), 120);
    return () => clearTimeout(t);
  }, [q]);
  const hits = useMemo(() => (debounced.trim().length >= 2 ? searchMemories(model.memories, debounced, 8) : []), [debounced]);
  useEffect(() => setActive(0), [hits]);

  const go = (m: Memory) => {
    select(m.id);
    focusMemory(m.id);
    setOpen(false);
  };

  return (
    <div className="search">
      <input
        ref={ref}
        data-testid="search-input"
        value={q}
        placeholder="Search memories  /"
        aria-label="Search memories"
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(hits.length - 1, a + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter') {
            // Enter on fresh input searches right away, without waiting for the debounce.
            const list = debounced === q ? hits : searchMemories(model.memories, q, 8);
            const m = list[debounced === q ? active : 0];
            if (m) go(m);
          } else if (e.key === 'Escape') {
            setQ('');
            (e.target as HTMLInputElement).blur();
          }
        }}
      />
      {open && hits.length > 0 && (
        <ul className="search-results" role="listbox">
          {hits.map((m, i) => (
            <li key={m.id} role="option" aria-selected={i === active}>
              <button className={i === active ? 'active' : ''} onMouseDown={(e) => e.preventDefault()} onClick={() => go(m)}>
                <span className={`kind-dot k-${m.kind}`} />
                <span className="sr-title">{m.title || m.text.slice(0, 80)}</span>
                <span className="muted small">{m.space}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
