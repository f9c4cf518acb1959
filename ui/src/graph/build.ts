// Turns a snapshot into the graph sigma draws, in one batch, before sigma listens to it (so no
// per-node events are handled). The memories are kept once, in a map; the graph holds only drawing data.
import Graph from 'graphology';
import type { GraphSnapshot, Memory } from '../api/types';
import { initialLayout } from './layout';
import { lodLevels } from './lod';
import { edgeValidity, nodeAttrs } from './nodeAttrs';
import type { EdgeAttrs, MemoryGraph, NodeAttrs } from './types';

export interface BuiltGraph {
  graph: MemoryGraph;
  memories: Map<string, Memory>;
  /** Components found by the initial layout (for the status of large graphs). */
  components: number;
}

export function emptyGraph(): MemoryGraph {
  return new Graph<NodeAttrs, EdgeAttrs>({ type: 'directed', multi: true, allowSelfLoops: true });
}

export function buildGraph(snapshot: Pick<GraphSnapshot, 'memories' | 'edges'>): BuiltGraph {
  const { memories: list, edges } = snapshot;
  const n = list.length;
  const index = new Map<string, number>();
  const memories = new Map<string, Memory>();
  for (let i = 0; i < n; i++) {
    index.set(list[i].id, i);
    memories.set(list[i].id, list[i]);
  }

  // Endpoints as indices; edges to unknown memories (outside the snapshot) are skipped.
  const sources = new Uint32Array(edges.length);
  const targets = new Uint32Array(edges.length);
  const kept = new Uint32Array(edges.length);
  let m = 0;
  for (let k = 0; k < edges.length; k++) {
    const s = index.get(edges[k].from);
    const t = index.get(edges[k].to);
    if (s === undefined || t === undefined) continue;
    sources[m] = s;
    targets[m] = t;
    kept[m++] = k;
  }
  const src = sources.subarray(0, m);
  const tgt = targets.subarray(0, m);
  const layout = initialLayout(n, src, tgt);

  const degree = new Uint32Array(n);
  for (let k = 0; k < m; k++) {
    degree[src[k]]++;
    degree[tgt[k]]++;
  }
  const importance = new Float32Array(n);
  for (let i = 0; i < n; i++) importance[i] = list[i].importance ?? 0;
  const levels = lodLevels(degree, importance);

  const graph = emptyGraph();
  for (let i = 0; i < n; i++) {
    graph.addNode(list[i].id, nodeAttrs(list[i], layout.xy[i * 2], layout.xy[i * 2 + 1], levels[i]));
  }
  for (let k = 0; k < m; k++) {
    const e = edges[kept[k]];
    try {
      graph.addDirectedEdgeWithKey(e.id, e.from, e.to, {
        kind: e.kind,
        auto: e.automatic && !e.confirmed,
        lod: Math.max(levels[src[k]], levels[tgt[k]]),
        ...edgeValidity(e),
      });
    } catch {
      // A repeated edge id: the first one stands (cheaper than checking every edge beforehand).
    }
  }
  return { graph, memories, components: layout.componentCount };
}
