// The inspector's curation actions: merge this memory with another (picked by name), or mark it
// superseded by a newer one.
import { useState } from 'react';
import type { Memory } from '../../api/types';
import { openMerge, openSupersede } from '../../state/curate';
import { MemoryPicker } from './MemoryPicker';

export function CurateActions({ m }: { m: Memory }) {
  const [picking, setPicking] = useState(false);
  if (m.status === 'merged' || m.status === 'forgotten') return null;
  const mergeable = (o: Memory) => o.space === m.space && o.status !== 'merged' && o.status !== 'forgotten';
  return (
    <>
      <button onClick={() => setPicking(!picking)} aria-expanded={picking} data-testid="merge-with" title="Merge this memory with another one: pick it, then choose the survivor and the text">
        Merge with…
      </button>
      {m.status !== 'superseded' && (
        <button onClick={() => openSupersede(m.id)} data-testid="superseded-by-open" title="This no longer holds: name or write what replaces it">
          Superseded by…
        </button>
      )}
      {picking && (
        <div className="merge-pick">
          <MemoryPicker
            exclude={m.id}
            accept={mergeable}
            autoFocus
            placeholder="Find the memory to merge with…"
            label="Memory to merge with"
            testId="merge-with-input"
            onPick={(other) => {
              setPicking(false);
              openMerge([m.id, other.id]);
            }}
          />
        </div>
      )}
    </>
  );
}
