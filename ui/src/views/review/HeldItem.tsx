// A write held for a person's approval: who wrote it (as Mnemo knows the connection, not as the
// writer claims), why it waits, and the memory itself.
import type { HeldMemory } from '../../api/types';
import { MemoryCard } from './MemoryCard';
import './held.css';

export function HeldItem({ held }: { held: HeldMemory }) {
  return (
    <>
      <div className="rv-why rv-held-why">
        <span className="rv-badge held">Held</span>
        <span className="rv-writer" data-testid="held-writer" title="Who wrote it, as Mnemo knows the connection (the writer cannot set this)">
          {held.written_by}
        </span>
        <span className="rv-held-reason" data-testid="held-reason">
          {held.reason}
        </span>
      </div>
      <MemoryCard id={held.id} full tagHeld={false} />
    </>
  );
}
