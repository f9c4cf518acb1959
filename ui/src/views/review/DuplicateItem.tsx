import type { DuplicateGroup } from '../../api/types';
import { MemoryCard } from './MemoryCard';

/** Memories that are probably one: each of them, and why they were flagged. */
export function DuplicateItem({ group }: { group: DuplicateGroup }) {
  return (
    <>
      <div className="rv-why">
        <span className="rv-badge">{group.ids.length} memories</span>
        {group.reason}
      </div>
      <div className="rv-members">
        {group.ids.map((id, i) => (
          <MemoryCard key={id} id={id} role={i === 0 ? 'Oldest' : undefined} />
        ))}
      </div>
    </>
  );
}
