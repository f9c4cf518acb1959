// How a replay differs from its original: each memory's movement as a badge, the two rankings as
// rows side by side, and every signal's change for one memory.
import type { Movement, RankChange, Replay, Signals } from '../api/types';

export interface Badge {
  text: string;
  tone: Movement;
  title: string;
}

/** "↑3", "↓2", "new", "dropped" or "=" for a memory that kept its place. */
export function movementBadge(c: Pick<RankChange, 'before' | 'after' | 'movement'>): Badge {
  const { before, after, movement } = c;
  switch (movement) {
    case 'up':
      return { text: `↑${(before ?? 0) - (after ?? 0)}`, tone: 'up', title: `Up from rank ${before} to ${after}` };
    case 'down':
      return { text: `↓${(after ?? 0) - (before ?? 0)}`, tone: 'down', title: `Down from rank ${before} to ${after}` };
    case 'new':
      return { text: 'new', tone: 'new', title: `Not in the original; rank ${after} in the replay` };
    case 'dropped':
      return { text: 'dropped', tone: 'dropped', title: `Rank ${before} in the original; not in the replay` };
    default:
      return { text: '=', tone: 'same', title: `Rank ${after} in both` };
  }
}

export interface MovementCounts {
  new: number;
  dropped: number;
  up: number;
  down: number;
  same: number;
}

export function movementCounts(changes: readonly RankChange[]): MovementCounts {
  const n: MovementCounts = { new: 0, dropped: 0, up: 0, down: 0, same: 0 };
  for (const c of changes) n[c.movement] += 1;
  return n;
}

/** A sentence for the head of a replay: "2 new, 1 dropped, 3 moved" or "Same ranking". */
export function movementSummary(n: MovementCounts): string {
  const parts = [
    n.new && `${n.new} new`,
    n.dropped && `${n.dropped} dropped`,
    n.up + n.down && `${n.up + n.down} moved`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'Same ranking';
}

export interface SideRow {
  id: string;
  rank: number;
  change: RankChange;
}

/** The two rankings as columns: the original's order (with what the replay did to each) and the replay's. */
export function sideBySide(changes: readonly RankChange[]): { original: SideRow[]; replay: SideRow[] } {
  const original = changes
    .filter((c) => c.before !== null)
    .map((c) => ({ id: c.id, rank: c.before as number, change: c }))
    .sort((a, b) => a.rank - b.rank);
  const replay = changes
    .filter((c) => c.after !== null)
    .map((c) => ({ id: c.id, rank: c.after as number, change: c }))
    .sort((a, b) => a.rank - b.rank);
  return { original, replay };
}

export type SignalKey = 'score' | 'relevance' | 'vector' | 'keyword' | 'graph' | 'recency' | 'importance' | 'pinned';

export const SIGNAL_LABELS: Record<SignalKey, string> = {
  score: 'Final score',
  relevance: 'Relevance',
  vector: 'Vector',
  keyword: 'Keyword',
  graph: 'Graph',
  recency: 'Recency',
  importance: 'Importance',
  pinned: 'Pinned',
};

export interface SignalDelta {
  key: SignalKey;
  label: string;
  before: number | null;
  after: number | null;
  /** after − before when both exist. */
  delta: number | null;
}

function valueOf(s: Signals | null, key: SignalKey): number | null {
  if (!s) return null;
  if (key === 'pinned') return s.pinned ? 1 : 0;
  const v = s[key];
  return v === null || v === undefined ? null : v;
}

/** Every signal of one memory in both runs; signals absent from both are left out. */
export function signalDeltas(before: Signals | null, after: Signals | null): SignalDelta[] {
  return (Object.keys(SIGNAL_LABELS) as SignalKey[])
    .map((key) => {
      const b = valueOf(before, key);
      const a = valueOf(after, key);
      return { key, label: SIGNAL_LABELS[key], before: b, after: a, delta: a !== null && b !== null ? a - b : null };
    })
    .filter((d) => d.before !== null || d.after !== null)
    .filter((d) => d.key !== 'pinned' || d.before === 1 || d.after === 1);
}

/** "+0.120", "−0.050", "±0" for a delta; "—" when one side is missing. */
export function fmtDelta(d: number | null): string {
  if (d === null) return '—';
  if (Math.abs(d) < 0.0005) return '±0';
  return `${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(3)}`;
}

/** What a replay ran with, in a line: "today · its own configuration (standard)". */
export function replayHeadline(r: Pick<Replay, 'original' | 'replay'>, asOfThen: boolean): string {
  const when = asOfThen ? 'as Mnemo knew it then' : 'against today’s memory';
  const was = r.original.config_name || 'unnamed';
  const now = r.replay.trace.config_name || 'unnamed';
  const config = was === now ? `its own configuration (${now})` : `${now} instead of ${was}`;
  return `${when} · ${config}`;
}
