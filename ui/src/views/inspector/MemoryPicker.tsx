import { useMemo, useState } from 'react';
import type { Memory } from '../../api/types';
import { searchMemories } from '../../graph/search';
import { model, modelState } from '../../state/model';
import { useStore } from '../../state/store';

/** Finds a memory by title or text, for picking a link target. */
export function MemoryPicker({ exclude, onPick }: { exclude: string; onPick(m: Memory): void }) {
  const [q, setQ] = useState('');
  const version = useStore(modelState, (s) => s.version);
  const hits = useMemo(
    () => (q.trim().length < 2 ? [] : searchMemories(model.memories, q, 6).filter((m) => m.id !== exclude)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [q, exclude, version],
  );
  return (
    <div className="picker">
      <input value={q} onChange={(e) => setQ(e.target.value)} placeholder="Find the memory to link to…" aria-label="Link target" />
      {hits.length > 0 && (
        <ul className="picker-list">
          {hits.map((m) => (
            <li key={m.id}>
              <button onClick={() => { onPick(m); setQ(''); }}>
                <span className={`kind-dot k-${m.kind}`} />
                {m.title || m.text.slice(0, 60)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
