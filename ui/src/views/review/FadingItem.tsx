import { MemoryCard } from './MemoryCard';

/** An orphan (no links), or a stale memory with how much of it is still retained. */
export function FadingItem({ id, retention }: { id: string; retention?: number }) {
  return (
    <>
      {retention !== undefined && (
        <div className="rv-why">
          <span className="rv-retention" title="Retention: how much of it is still remembered, from its age, use and importance">
            <span className="rv-retention-bar" aria-hidden="true">
              <span style={{ width: `${Math.max(2, Math.round(retention * 100))}%` }} />
            </span>
            {formatRetention(retention)} retained
          </span>
        </div>
      )}
      <MemoryCard id={id} />
    </>
  );
}

function formatRetention(r: number): string {
  const pct = r * 100;
  return pct >= 1 ? `${Math.round(pct)}%` : pct >= 0.1 ? `${pct.toFixed(1)}%` : '<0.1%';
}
