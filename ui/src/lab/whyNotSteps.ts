// "Why not?" read stage by stage, in the order a recall runs: where the memory stood in each
// channel, whether fusion kept it, whether expansion reached it, whether a filter dropped it,
// where re-ranking put it against the query's limit, and whether it came back.
import type { ChannelPlace, StageKind, WhyNot } from '../api/types';

/** ok: it passed; lost: this stage lost it; missed: not here, but another way could still bring it; idle: not reached. */
export type StepState = 'ok' | 'lost' | 'missed' | 'idle';

export interface WhyNotStep {
  id: 'vector' | 'keyword' | 'fusion' | 'expansion' | 'filter' | 'rerank' | 'returned';
  label: string;
  state: StepState;
  detail: string;
}

const fmt = (v: number | null) => (v === null ? '' : ` (score ${v.toFixed(3)})`);

function channel(id: 'vector' | 'keyword', label: string, p: ChannelPlace, lostAt: StageKind | null): WhyNotStep {
  const taken = p.rank !== null && p.rank <= p.taken;
  const none = id === 'vector' ? 'not in the top 1000 by similarity' : 'shares no word with the query';
  const detail =
    p.rank === null
      ? none
      : taken
        ? `rank ${p.rank}${fmt(p.score)}, within the top ${p.taken} taken`
        : `rank ${p.rank}${fmt(p.score)}, below the top ${p.taken} taken`;
  // The engine names the vector stage when no channel brought it in: both channels lost it then.
  const state: StepState = taken ? 'ok' : lostAt === 'vector' ? 'lost' : 'missed';
  return { id, label, state, detail };
}

export function whyNotSteps(w: WhyNot): WhyNotStep[] {
  const lost = w.lost_at;
  const fusion: WhyNotStep =
    w.fused_rank !== null
      ? { id: 'fusion', label: 'Fusion', state: lost === 'fusion' ? 'lost' : 'ok', detail: `rank ${w.fused_rank} after fusion` }
      : { id: 'fusion', label: 'Fusion', state: lost === 'fusion' ? 'lost' : w.expanded ? 'missed' : 'idle', detail: 'not among the fused candidates' };
  const expansion: WhyNotStep = w.expanded
    ? { id: 'expansion', label: 'Graph expansion', state: 'ok', detail: 'reached from the seeds through the graph' }
    : { id: 'expansion', label: 'Graph expansion', state: lost === 'expansion' ? 'lost' : 'missed', detail: 'not reached from the seeds' };
  const filter: WhyNotStep = w.filtered
    ? { id: 'filter', label: 'Filters', state: 'lost', detail: `dropped: ${w.filtered}` }
    : { id: 'filter', label: 'Filters', state: 'ok', detail: 'passes the query’s filters (space, kind, tags, time, status)' };
  const rerank: WhyNotStep =
    w.reranked === null
      ? { id: 'rerank', label: 'Re-rank and limit', state: lost === 'rerank' ? 'lost' : 'idle', detail: 'never reached re-ranking' }
      : w.reranked <= w.limit
        ? { id: 'rerank', label: 'Re-rank and limit', state: 'ok', detail: `rank ${w.reranked}, within the limit of ${w.limit}` }
        : { id: 'rerank', label: 'Re-rank and limit', state: 'lost', detail: `rank ${w.reranked}; the query keeps the top ${w.limit}` };
  const returned: WhyNotStep =
    w.returned !== null
      ? { id: 'returned', label: 'Returned', state: 'ok', detail: `at rank ${w.returned}` }
      : { id: 'returned', label: 'Returned', state: 'lost', detail: 'not among the results' };
  return [channel('vector', 'Vector k-NN', w.vector, lost), channel('keyword', 'Keyword (BM25)', w.keyword, lost), fusion, expansion, filter, rerank, returned];
}

/** The stage the verdict blames, as a short name for a badge. */
export function lostAtLabel(k: StageKind | null): string {
  switch (k) {
    case null:
      return 'returned';
    case 'vector':
    case 'keyword':
      return 'no channel found it';
    case 'fusion':
      return 'lost at fusion';
    case 'expansion':
      return 'lost at expansion';
    case 'filter':
      return 'filtered out';
    case 'rerank':
      return 'cut by the limit';
    default:
      return `lost at ${k}`;
  }
}
