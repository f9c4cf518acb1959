// A memory that may be let go of: an orphan, or a stale one with how much of its strength is left.
import { reviewSettings } from '../../state/reviewSettings';
import { useStore } from '../../state/store';
import { MemoryCard } from './MemoryCard';
import { formatRetention, formatThreshold } from './retention';
import './threshold.css';

/** An orphan (no links), or a stale memory with how much of it is still retained. */
export function FadingItem({ id, retention }: { id: string; retention?: number }) {
  return (
    <>
      {retention !== undefined && <Retention retention={retention} />}
      <MemoryCard id={id} />
    </>
  );
}

/** The bar runs from 0 to 100% of its strength; a tick marks the "Stale below" threshold. */
function Retention({ retention }: { retention: number }) {
  const below = useStore(reviewSettings, (s) => s.staleBelow);
  const label = formatRetention(retention);
  return (
    <div className="rv-why">
      <span
        className="rv-retention"
        data-testid="review-retention"
        title={`Retention: ${label} of its strength is left (stale below ${formatThreshold(below)}), from its age, use and importance`}
      >
        <span className="rv-retention-bar" aria-hidden="true">
          <span style={{ width: `${Math.max(2, Math.round(retention * 100))}%` }} />
          <i className="rv-retention-mark" style={{ left: `${below}%` }} />
        </span>
        {label} retained
      </span>
    </div>
  );
}
