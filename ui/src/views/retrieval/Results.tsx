import type { Channel, Memory, Signals } from '../../api/types';
import { model } from '../../state/model';
import { select } from '../../state/ui';
import { focusMemory } from '../graph/graphRef';
import { JudgeToggle } from '../lab/JudgeToggle';
import { useJudging } from '../lab/useJudging';
import { fmtScore } from '../shell/format';

export interface ResultRow {
  id: string;
  rank: number;
  score: number;
  channels: Channel[];
  signals: Signals;
  memory: Memory | undefined;
  hops: number;
}

type SignalKey = 'vector' | 'keyword' | 'graph' | 'recency' | 'importance' | 'pinned' | 'date' | 'reply';

const SIGNALS: { key: SignalKey; label: string }[] = [
  { key: 'vector', label: 'vec' },
  { key: 'keyword', label: 'kw' },
  { key: 'graph', label: 'graph' },
  { key: 'recency', label: 'rec' },
  { key: 'importance', label: 'imp' },
  { key: 'pinned', label: 'pin' },
];

/** Shown only when the query named a time ("on October 13, 2023"): then every row has it. */
const DATE_SIGNAL: { key: SignalKey; label: string } = { key: 'date', label: 'date' };

/** Shown only when a result replies to a question among the candidates ("How did it go?"). */
const REPLY_SIGNAL: { key: SignalKey; label: string } = { key: 'reply', label: 'reply' };

/**
 * The value of a signal in 0..1 for its bar. BM25 is unbounded, so it is scaled by the best in the
 * list; what a question lends its reply is a score, so it is scaled by the best score.
 */
function signalValue(s: Signals, key: SignalKey, maxKeyword: number, maxScore: number): number | null {
  if (key === 'pinned') return s.pinned ? 1 : null;
  const v = s[key];
  if (v === null || v === undefined) return null;
  if (key === 'keyword') return maxKeyword > 0 ? v / maxKeyword : 0;
  if (key === 'reply') return Math.max(0, Math.min(1, v / maxScore));
  return Math.max(0, Math.min(1, v));
}

/** A signal's value in words, for its tooltip. */
function signalText(s: Signals, key: SignalKey): string {
  if (key === 'pinned') return s.pinned ? 'yes' : 'no';
  if (key === 'date') return s.date ? 'in the time the query names' : 'outside the time the query names';
  if (key === 'reply') return s.reply === null ? 'replies to no question among the candidates' : `${fmtScore(s.reply)}, lent by the question it answers`;
  return fmtScore(s[key]);
}

interface Props {
  rows: ResultRow[];
  selectedId: string | null;
  /** The query the rows answer: each can then be marked relevant or not to it (keys r, n, 0). */
  judging?: { query: string; spaces: readonly string[] } | null;
}

export function Results({ rows, selectedId, judging: on = null }: Props) {
  const judging = useJudging(on?.query ?? '', on?.spaces ?? []);
  if (!rows.length) return <p className="muted small">No results.</p>;
  const maxKeyword = Math.max(0, ...rows.map((r) => r.signals.keyword ?? 0));
  const maxScore = Math.max(...rows.map((r) => r.score), 1e-9);
  const named = rows.some((r) => r.signals.date !== null && r.signals.date !== undefined);
  const replies = rows.some((r) => r.signals.reply !== null && r.signals.reply !== undefined);
  const signals = [...SIGNALS, ...(named ? [DATE_SIGNAL] : []), ...(replies ? [REPLY_SIGNAL] : [])];
  return (
    <ol className="results">
      {rows.map((r) => {
        const m = r.memory ?? model.memories.get(r.id);
        const mark = judging.marks.get(r.id);
        return (
          <li
            key={r.id}
            data-testid="result-item"
            data-id={r.id}
            data-mark={mark === undefined ? undefined : mark ? 'relevant' : 'not-relevant'}
            className={`result${selectedId === r.id ? ' selected' : ''}`}
            tabIndex={on ? 0 : undefined}
            data-judge-row={on ? '' : undefined}
            onKeyDown={
              on
                ? (e) => {
                    if (e.key !== 'Enter') judging.onKey(r.id, e);
                    else if (e.target === e.currentTarget) {
                      select(r.id);
                      focusMemory(r.id);
                    }
                  }
                : undefined
            }
            onClick={() => {
              select(r.id);
              focusMemory(r.id);
            }}
          >
            <div className="result-head">
              <span className="rank">{r.rank}</span>
              <span className={`kind-dot k-${m?.kind ?? 'note'}`} />
              <span className="result-title">{m ? m.title || m.text.slice(0, 80) : r.id}</span>
              <span className="score" title="Final score">
                {r.score.toFixed(3)}
              </span>
              {on && <JudgeToggle mark={mark} onMark={(v) => judging.mark(r.id, v)} />}
            </div>
            <div className="score-bar">
              <span style={{ width: `${(100 * r.score) / maxScore}%` }} />
            </div>
            {m && m.title && <p className="result-text">{m.text.slice(0, 160)}</p>}
            <div className="signals" style={{ gridTemplateColumns: `repeat(${signals.length}, 1fr)` }}>
              {signals.map(({ key, label }) => {
                const v = signalValue(r.signals, key, maxKeyword, maxScore);
                const raw = signalText(r.signals, key);
                return (
                  <div key={key} className={`signal sig-${key}${v === null ? ' absent' : ''}`} title={`${key}: ${raw}`}>
                    <span className="sig-label">{label}</span>
                    <span className="sig-bar">
                      <span style={{ width: `${(v ?? 0) * 100}%` }} />
                    </span>
                  </div>
                );
              })}
            </div>
            <div className="channels">
              {r.channels.map((c) => (
                <span key={c} className={`channel ch-${c}`}>
                  {c}
                </span>
              ))}
              {r.hops > 0 && <span className="muted small">{r.hops}-hop path</span>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
