import { useState } from 'react';
import type { Memory } from '../../api/types';
import type { Mark } from '../../lab/judgments';
import type { SideRow } from '../../lab/replayDiff';
import { model } from '../../state/model';
import { highlight } from '../../state/ui';
import { focusMemory } from '../graph/graphRef';
import type { Judging } from './useJudging';
import { JudgeToggle } from './JudgeToggle';
import { MovementBadge } from './MovementBadge';
import { SignalDeltas } from './SignalDeltas';

interface Props {
  row: SideRow;
  side: 'original' | 'replay';
  /** The memory as the replay returned it (it may be gone from the graph, or not yet in it). */
  memory: Memory | undefined;
  judging: Judging;
  selected: boolean;
}

/** One memory in one of the two rankings: rank, title, how it moved, and its signals on expand. */
export function ReplayRow({ row, side, memory, judging, selected }: Props) {
  const [open, setOpen] = useState(false);
  const m = memory ?? model.memories.get(row.id);
  const c = row.change;
  const score = (side === 'original' ? c.signals_before : c.signals_after)?.score;
  const mark: Mark | undefined = judging.marks.get(row.id);
  return (
    <li
      className={`replay-row move-row-${c.movement}${selected ? ' selected' : ''}${open ? ' open' : ''}`}
      data-testid="replay-row"
      data-side={side}
      data-id={row.id}
      data-movement={c.movement}
      data-judge-row
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          setOpen(!open);
        } else judging.onKey(row.id, e);
      }}
      onClick={() => {
        highlight(row.id);
        focusMemory(row.id);
      }}
    >
      <div className="replay-row-head">
        <span className="rank">{row.rank}</span>
        <span className={`kind-dot k-${m?.kind ?? 'note'}`} />
        <span className="replay-title" title={m ? m.text : row.id}>
          {m ? m.title || m.text.slice(0, 120) : row.id}
        </span>
      </div>
      <div className="replay-row-sub">
        <MovementBadge change={c} />
        <span className="muted small">
          {score === null || score === undefined ? '—' : score.toFixed(3)}
          {c.before !== null && c.after !== null && c.before !== c.after && (side === 'replay' ? ` · was #${c.before}` : ` · now #${c.after}`)}
        </span>
        <span className="spacer" />
        <JudgeToggle mark={mark} onMark={(v) => judging.mark(row.id, v)} />
        <button
          type="button"
          className="icon expand"
          aria-expanded={open}
          title="Signals in both runs"
          data-testid="replay-row-expand"
          onClick={(e) => {
            e.stopPropagation();
            setOpen(!open);
          }}
        >
          {open ? '▾' : '▸'}
        </button>
      </div>
      {open && <SignalDeltas before={c.signals_before} after={c.signals_after} />}
    </li>
  );
}
