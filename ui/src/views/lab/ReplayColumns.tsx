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
  return (
    <div className="replay-columns">
      <section className="replay-col" data-testid="replay-original">
        <h4>
          <i className="swatch original" /> Original <span className="muted small">{original.length} results</span>
        </h4>
        {original.length ? (
          <ol className="replay-list">
            {original.map((r) => (
              <ReplayRow key={r.id} row={r} side="original" memory={memories.get(r.id)} judging={judging} selected={selectedId === r.id} />
            ))}
          </ol>
        ) : (
          <p className="muted small">The original found nothing.</p>
        )}
      </section>
      <section className="replay-col" data-testid="replay-replay">
        <h4>
          <i className="swatch replay" /> Replay <span className="muted small">{after.length} results</span>
        </h4>
        {after.length ? (
          <ol className="replay-list">
            {after.map((r) => (
              <ReplayRow key={r.id} row={r} side="replay" memory={memories.get(r.id)} judging={judging} selected={selectedId === r.id} />
            ))}
          </ol>
        ) : (
          <p className="muted small">The replay finds nothing.</p>
        )}
      </section>
    </div>
  );
}
