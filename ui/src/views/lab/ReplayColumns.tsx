import { useMemo } from 'react';
import type { Memory, Replay } from '../../api/types';
import { sideBySide } from '../../lab/replayDiff';
import { useStore } from '../../state/store';
import { ui } from '../../state/ui';
import { ReplayRow } from './ReplayRow';
import { useJudging } from './useJudging';

/** The original ranking and the replay's, side by side, each memory with how it moved. */
export function ReplayColumns({ replay }: { replay: Replay }) {
  const selectedId = useStore(ui, (s) => s.selectedId);
  const { original, replay: after } = useMemo(() => sideBySide(replay.changes), [replay]);
  const memories = useMemo(() => new Map<string, Memory>(replay.replay.results.map((r) => [r.memory.id, r.memory])), [replay]);
  const q = replay.original.query;
  const judging = useJudging(q.text ?? '', q.spaces ?? []);
  const column = (side: 'original' | 'replay', rows: typeof original, empty: string) => (
    <ReplayColumn side={side} rows={rows} empty={empty} memories={memories} judging={judging} selectedId={selectedId} />
  );
  return (
    <div className="replay-columns">
      {column('original', original, 'The original found nothing.')}
      {column('replay', after, 'The replay finds nothing.')}
    </div>
  );
}

/** One ranking: its heading with a swatch of its path colour, then its rows. */
function ReplayColumn({
  side,
  rows,
  empty,
  memories,
  judging,
  selectedId,
}: {
  side: 'original' | 'replay';
  rows: ReturnType<typeof sideBySide>['original'];
  empty: string;
  memories: Map<string, Memory>;
  judging: ReturnType<typeof useJudging>;
  selectedId: string | null;
}) {
  return (
    <section className="replay-col" data-testid={`replay-${side}`}>
      <h4>
        <i className={`swatch ${side}`} /> {side === 'original' ? 'Original' : 'Replay'} <span className="muted small">{rows.length} results</span>
      </h4>
      {rows.length ? (
        <ol className="replay-list">
          {rows.map((r) => (
            <ReplayRow key={r.id} row={r} side={side} memory={memories.get(r.id)} judging={judging} selected={selectedId === r.id} />
          ))}
        </ol>
      ) : (
        <p className="muted small">{empty}</p>
      )}
    </section>
  );
}
