// Applying the engine's numbered graph deltas to the in-memory graph, in place.
// Pure over a graphology graph and a memories map: no sigma, no React, no I/O, so it is tested alone.

import type { Edge, GraphDelta, Memory } from '../api/types';
import { edgeValidity, memoryFields, nodeAttrs } from './nodeAttrs';
import type { MemoryGraph } from './types';

export interface DeltaTarget {
  graph: MemoryGraph;
  memories: Map<string, Memory>;
  /** Edges whose endpoint has not arrived yet, by edge id; added as soon as both ends exist. */
  pendingEdges: Map<string, Edge>;
  /** The last applied sequence number (the snapshot's, at first). */
  seq: number;
}

export type DeltaOrder = 'next' | 'stale' | 'gap';

/** Where a delta stands against the last applied one: apply it, ignore it, or resync from a snapshot. */
export function classifyDelta(lastSeq: number, seq: number): DeltaOrder {
  if (seq <= lastSeq) return 'stale';
  return seq === lastSeq + 1 ? 'next' : 'gap';
}

export interface PlacementOptions {
  /** Where a node with no placed neighbour goes: near the middle of its space. */
  spaceCenter(space: string): { x: number; y: number };
  /** How far a new node lands from its neighbours' mean, in graph units. */
  jitter: number;
  /** Random source in [0, 1); injectable so that tests are deterministic. */
  random(): number;
}

export interface DeltaResult {
  outcome: DeltaOrder;
  addedNodes: string[];
  updatedNodes: string[];
  removedNodes: string[];
  addedEdges: string[];
  removedEdges: string[];
}

const emptyResult = (outcome: DeltaOrder): DeltaResult => ({
  outcome,
  addedNodes: [],
  updatedNodes: [],
  removedNodes: [],
  addedEdges: [],
  removedEdges: [],
});

/**
 * Applies one delta if it is the next in sequence. A stale (duplicate or old) delta changes nothing;
 * a gap changes nothing and tells the caller to fetch a fresh snapshot.
 */
export function applyDelta(t: DeltaTarget, delta: GraphDelta, place: PlacementOptions): DeltaResult {
  const outcome = classifyDelta(t.seq, delta.seq ?? 0);
  if (outcome !== 'next') return emptyResult(outcome);
  const result = emptyResult('next');
  const { graph } = t;

  // New memories are placed before they are added (the renderer needs a position at once): at the
  // mean of their neighbours named by this delta's edges, which may themselves be new.
  const incoming = new Map<string, Memory>();
  for (const c of delta.changes) {
    if (c.type === 'memory_upserted' && !graph.hasNode(c.memory.id)) incoming.set(c.memory.id, c.memory);
  }
  const positions = incoming.size ? placeNew(t, delta, incoming, place) : new Map<string, { x: number; y: number }>();

  for (const c of delta.changes) {
    switch (c.type) {
      case 'memory_upserted': {
        const m = c.memory;
        t.memories.set(m.id, m);
        if (graph.hasNode(m.id)) {
          graph.mergeNodeAttributes(m.id, memoryFields(m));
          result.updatedNodes.push(m.id);
        } else {
          const p = positions.get(m.id) ?? place.spaceCenter(m.space);
          // New memories are always drawn (level 0): someone just wrote them.
          graph.addNode(m.id, nodeAttrs(m, p.x, p.y, 0));
          result.addedNodes.push(m.id);
          flushPending(t, m.id, result);
        }
        break;
      }
      case 'memory_removed': {
        if (graph.hasNode(c.id)) {
          graph.forEachEdge(c.id, (e) => result.removedEdges.push(e));
          graph.dropNode(c.id);
          result.removedNodes.push(c.id);
        }
        t.memories.delete(c.id);
        break;
      }
      case 'edge_upserted':
        upsertEdge(t, c.edge, result);
        break;
      case 'edge_removed': {
        t.pendingEdges.delete(c.id);
        if (graph.hasEdge(c.id)) {
          graph.dropEdge(c.id);
          result.removedEdges.push(c.id);
        }
        break;
      }
    }
  }
  t.seq = delta.seq ?? 0;
  return result;
}

function edgeLod(graph: MemoryGraph, from: string, to: string): number {
  return Math.max(graph.getNodeAttribute(from, 'lod'), graph.getNodeAttribute(to, 'lod'));
}

function upsertEdge(t: DeltaTarget, e: Edge, result: DeltaResult): void {
  const { graph } = t;
  if (!graph.hasNode(e.from) || !graph.hasNode(e.to)) {
    // An endpoint is missing (not yet arrived, or outside this view): keep it for later, safely.
    t.pendingEdges.set(e.id, e);
    return;
  }
  t.pendingEdges.delete(e.id);
  if (graph.hasEdge(e.id)) {
    if (graph.source(e.id) === e.from && graph.target(e.id) === e.to) {
      graph.mergeEdgeAttributes(e.id, { kind: e.kind, auto: e.automatic && !e.confirmed, ...edgeValidity(e) });
      return;
    }
    graph.dropEdge(e.id);
  }
  graph.addDirectedEdgeWithKey(e.id, e.from, e.to, {
    kind: e.kind,
    auto: e.automatic && !e.confirmed,
    lod: edgeLod(graph, e.from, e.to),
    ...edgeValidity(e),
  });
  result.addedEdges.push(e.id);
}

function flushPending(t: DeltaTarget, nodeId: string, result: DeltaResult): void {
  if (!t.pendingEdges.size) return;
  for (const e of [...t.pendingEdges.values()]) {
    if ((e.from === nodeId || e.to === nodeId) && t.graph.hasNode(e.from) && t.graph.hasNode(e.to)) {
      upsertEdge(t, e, result);
    }
  }
}

/** Positions for this delta's new memories: mean of placed neighbours plus jitter, else their space's centre. */
function placeNew(
  t: DeltaTarget,
  delta: GraphDelta,
  incoming: Map<string, Memory>,
  place: PlacementOptions,
): Map<string, { x: number; y: number }> {
  const { graph } = t;
  const neighbours = new Map<string, string[]>();
  const note = (a: string, b: string) => {
    if (!incoming.has(a)) return;
    const list = neighbours.get(a);
    if (list) list.push(b);
    else neighbours.set(a, [b]);
  };
  const noteEdge = (e: Edge) => {
    note(e.from, e.to);
    note(e.to, e.from);
  };
  for (const c of delta.changes) if (c.type === 'edge_upserted') noteEdge(c.edge);
  for (const e of t.pendingEdges.values()) noteEdge(e);

  const out = new Map<string, { x: number; y: number }>();
  const posOf = (id: string) => {
    const p = out.get(id);
    if (p) return p;
    if (graph.hasNode(id)) return graph.getNodeAttributes(id);
    return null;
  };
  // New nodes may hang off other new nodes: resolve in rounds, those touching placed nodes first.
  let remaining = [...incoming.keys()];
  for (let round = 0; round < 4 && remaining.length; round++) {
    const next: string[] = [];
    for (const id of remaining) {
      let sx = 0;
      let sy = 0;
      let n = 0;
      for (const nb of neighbours.get(id) ?? []) {
        const p = posOf(nb);
        if (p) {
          sx += p.x;
          sy += p.y;
          n++;
        }
      }
      if (n) out.set(id, jittered(sx / n, sy / n, place));
      else next.push(id);
    }
    if (next.length === remaining.length) break;
    remaining = next;
  }
  for (const id of remaining) {
    if (out.has(id)) continue;
    const c = place.spaceCenter(incoming.get(id)!.space);
    out.set(id, jittered(c.x, c.y, place));
  }
  return out;
}

function jittered(x: number, y: number, place: PlacementOptions): { x: number; y: number } {
  const a = place.random() * Math.PI * 2;
  const r = place.jitter * (0.5 + place.random() * 0.5);
  return { x: x + Math.cos(a) * r, y: y + Math.sin(a) * r };
}
