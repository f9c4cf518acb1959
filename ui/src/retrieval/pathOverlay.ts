// Turns a retrieval trace into what the graph shows: the seeds the graph expansion started from, the
// memories it walked through (hops), the results, and the edges of every path, in order.
// Pure data in, pure data out: the graph view decides how to draw it.
import type { PathStep, RetrievalTrace, TraceCandidate } from '../api/types';

export interface OverlayStep {
  /** Result this step leads to. */
  result: string;
  /** 1-based position of the step on that result's path. */
  hop: number;
  from: string;
  to: string;
  edgeId: string;
  kind: PathStep['kind'];
  relation: string;
}

export interface PathOverlay {
  traceId: string;
  /** Memories the expansion started from (the top fused candidates). */
  seeds: ReadonlySet<string>;
  /** Memories passed through on a path that are neither seeds nor results. */
  hops: ReadonlySet<string>;
  /** Final results, in rank order. */
  results: readonly string[];
  resultSet: ReadonlySet<string>;
  /** Results that only the graph found (no vector or keyword hit). */
  expanded: ReadonlySet<string>;
  /** Edges of every path. */
  edges: ReadonlySet<string>;
  /** Every path step, results in rank order, steps from seed to result. */
  steps: readonly OverlayStep[];
  /** Every highlighted memory: seeds, hops and results. */
  nodes: ReadonlySet<string>;
  /** Two retrievals drawn at once (a replay beside its original): which one each edge and result belongs to. */
  compare?: Comparison;
}

/** Which of two compared retrievals something belongs to. */
export type Side = 'original' | 'replay' | 'both';

export interface Comparison {
  edges: ReadonlyMap<string, Side>;
  results: ReadonlyMap<string, Side>;
}

type TraceLike = Pick<RetrievalTrace, 'id' | 'stages' | 'results' | 'paths' | 'config'>;

/** Seeds are the first `config.seeds` candidates of the fusion stage, when expansion ran. */
function seedsOf(trace: TraceLike): string[] {
  const ran = trace.stages.some((s) => s.kind === 'expansion');
  if (!ran) return [];
  const fusion = trace.stages.find((s) => s.kind === 'fusion');
  if (!fusion) return [];
  return [...fusion.candidates]
    .sort((a, b) => a.rank - b.rank)
    .slice(0, trace.config.seeds)
    .map((c) => c.id);
}

export function pathOverlay(trace: TraceLike): PathOverlay {
  const results = [...trace.results].sort((a, b) => a.rank - b.rank).map((c: TraceCandidate) => c.id);
  const resultSet = new Set(results);
  const seeds = new Set(seedsOf(trace));
  const edges = new Set<string>();
  const hops = new Set<string>();
  const steps: OverlayStep[] = [];

  for (const id of results) {
    const path = trace.paths[id] ?? [];
    path.forEach((s, i) => {
      edges.add(s.edge_id);
      steps.push({ result: id, hop: i + 1, from: s.from, to: s.to, edgeId: s.edge_id, kind: s.kind, relation: s.relation });
      // A path always starts at a seed, even if the fusion stage was not recorded.
      if (i === 0) seeds.add(s.from);
    });
  }
  for (const s of steps) {
    for (const id of [s.from, s.to]) if (!seeds.has(id) && !resultSet.has(id)) hops.add(id);
  }

  const expanded = new Set(
    trace.results.filter((c) => c.channels.length > 0 && c.channels.every((ch) => ch === 'graph')).map((c) => c.id),
  );
  const nodes = new Set<string>([...seeds, ...hops, ...results]);
  return { traceId: trace.id, seeds, hops, results, resultSet, expanded, edges, steps, nodes };
}

/** The role a node plays on the overlay, for styling; a seed that is also a result counts as a result. */
export function roleOf(o: PathOverlay, id: string): 'result' | 'seed' | 'hop' | null {
  if (o.resultSet.has(id)) return 'result';
  if (o.seeds.has(id)) return 'seed';
  if (o.hops.has(id)) return 'hop';
  return null;
}

function sides(a: Iterable<string>, b: Iterable<string>): Map<string, Side> {
  const out = new Map<string, Side>();
  for (const x of a) out.set(x, 'original');
  for (const x of b) out.set(x, out.has(x) ? 'both' : 'replay');
  return out;
}

/**
 * Two retrievals on one overlay, for a replay beside its original: every seed, hop, result and
 * path edge of either, with the side each edge and result came from so that the graph can draw
 * the two in two colours. Results are the replay's order, then those only the original had.
 */
export function comparePaths(original: TraceLike, replay: TraceLike): PathOverlay {
  const a = pathOverlay(original);
  const b = pathOverlay(replay);
  const results = [...new Set([...b.results, ...a.results])];
  const resultSet = new Set(results);
  const seeds = new Set([...a.seeds, ...b.seeds]);
  const hops = new Set([...a.hops, ...b.hops].filter((id) => !seeds.has(id) && !resultSet.has(id)));
  return {
    traceId: `${original.id}|${replay.id}`,
    seeds,
    hops,
    results,
    resultSet,
    expanded: new Set([...a.expanded, ...b.expanded]),
    edges: new Set([...a.edges, ...b.edges]),
    steps: [...b.steps, ...a.steps.filter((s) => !b.edges.has(s.edgeId))],
    nodes: new Set([...a.nodes, ...b.nodes]),
    compare: { edges: sides(a.edges, b.edges), results: sides(a.results, b.results) },
  };
}
