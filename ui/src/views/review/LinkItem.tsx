import type { LinkReview } from '../../api/types';
import { MemoryCard } from './MemoryCard';

/** An automatic link: both ends, its kind, and why the linker made it. */
export function LinkItem({ link }: { link: LinkReview }) {
  const e = link.edge;
  return (
    <>
      <div className="rv-why">
        <span className="rv-badge">{e.relation || e.kind}</span>
        {link.reason}
      </div>
      <div className="rv-members rv-link">
        <MemoryCard id={e.from} role="From" compact />
        <MemoryCard id={e.to} role="To" compact />
      </div>
    </>
  );
}
