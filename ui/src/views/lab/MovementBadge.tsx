import type { RankChange } from '../../api/types';
import { movementBadge } from '../../lab/replayDiff';

/** ↑3, ↓2, new, dropped or = : how a memory moved between the original and the replay. */
export function MovementBadge({ change }: { change: Pick<RankChange, 'before' | 'after' | 'movement'> }) {
  const b = movementBadge(change);
  return (
    <span className={`move move-${b.tone}`} data-testid="movement" data-movement={change.movement} title={b.title}>
      {b.text}
    </span>
  );
}
