import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { applyDelta, classifyDelta, type DeltaTarget, type PlacementOptions } from './deltas';
import { nodeAttrs } from './nodeAttrs';
import { delta, edge, memory } from './testData';
import type { EdgeAttrs, MemoryGraph, NodeAttrs } from './types';

function target(seq = 10): DeltaTarget {
  const graph: MemoryGraph = new Graph<NodeAttrs, EdgeAttrs>({ type: 'directed', multi: true });
  const memories = new Map();
  const a = memory('a');
  const b = memory('b');
  memories.set('a', a).set('b', b);
  graph.addNode('a', nodeAttrs(a, 0, 0, 1));
  graph.addNode('b', nodeAttrs(b, 10, 0, 2));
  graph.addDirectedEdgeWithKey('ab', 'a', 'b', { kind: 'related', auto: false, lod: 2 });
  return { graph, memories, pendingEdges: new Map(), seq };
}

const place: PlacementOptions = {
  spaceCenter: (space) => (space === 'far' ? { x: 1000, y: 1000 } : { x: -50, y: -50 }),
  jitter: 1,
  random: () => 0.25,
};

describe('classifyDelta', () => {
  it('orders deltas against the last applied sequence number', () => {
    expect(classifyDelta(10, 11)).toBe('next');
    expect(classifyDelta(10, 10)).toBe('stale');
    expect(classifyDelta(10, 3)).toBe('stale');
    expect(classifyDelta(10, 12)).toBe('gap');
  });
});

describe('applyDelta', () => {
  it('applies deltas in order and advances the sequence number', () => {
    const t = target();
    const r1 = applyDelta(t, delta(11, [{ type: 'memory_upserted', memory: memory('c') }]), place);
    const r2 = applyDelta(t, delta(12, [{ type: 'edge_upserted', edge: edge('bc', 'b', 'c') }]), place);
    expect(r1.outcome).toBe('next');
    expect(r1.addedNodes).toEqual(['c']);
    expect(r2.addedEdges).toEqual(['bc']);
    expect(t.seq).toBe(12);
    expect(t.graph.order).toBe(3);
    expect(t.graph.hasEdge('bc')).toBe(true);
    expect(t.memories.get('c')?.title).toBe('Title c');
  });

  it('ignores a duplicate or old delta without changing anything', () => {
    const t = target();
    const d = delta(11, [{ type: 'memory_upserted', memory: memory('c') }]);
    applyDelta(t, d, place);
    const again = applyDelta(t, d, place);
    const old = applyDelta(t, delta(5, [{ type: 'memory_removed', id: 'a' }]), place);
    expect(again.outcome).toBe('stale');
    expect(old.outcome).toBe('stale');
    expect(t.graph.hasNode('a')).toBe(true);
    expect(t.graph.order).toBe(3);
    expect(t.seq).toBe(11);
  });

  it('reports a gap and applies nothing, so the caller fetches a snapshot', () => {
    const t = target();
    const r = applyDelta(t, delta(13, [{ type: 'memory_upserted', memory: memory('c') }]), place);
    expect(r.outcome).toBe('gap');
    expect(t.graph.hasNode('c')).toBe(false);
    expect(t.memories.has('c')).toBe(false);
    expect(t.seq).toBe(10);
  });

  it('updates an existing node in place, keeping its position and level of detail', () => {
    const t = target();
    const attrsBefore = t.graph.getNodeAttributes('b');
    const changed = memory('b', { title: 'Renamed', kind: 'fact', importance: 0.9, status: 'archived' });
    const r = applyDelta(t, delta(11, [{ type: 'memory_upserted', memory: changed }]), place);
    const attrs = t.graph.getNodeAttributes('b');
    expect(r.updatedNodes).toEqual(['b']);
    expect(r.addedNodes).toEqual([]);
    expect(attrs).toBe(attrsBefore);
    expect(attrs).toMatchObject({ x: 10, y: 0, lod: 2, label: 'Renamed', kind: 'fact', imp: 0.9, inactive: true });
    expect(t.memories.get('b')).toBe(changed);
    expect(t.graph.degree('b')).toBe(1);
  });

  it('places a new node at the mean of its existing neighbours, plus a small jitter', () => {
    const t = target();
    applyDelta(
      t,
      delta(11, [
        { type: 'memory_upserted', memory: memory('c') },
        { type: 'edge_upserted', edge: edge('ac', 'a', 'c') },
        { type: 'edge_upserted', edge: edge('cb', 'c', 'b') },
      ]),
      place,
    );
    const { x, y } = t.graph.getNodeAttributes('c');
    expect(Math.hypot(x - 5, y - 0)).toBeGreaterThan(0);
    expect(Math.hypot(x - 5, y - 0)).toBeLessThanOrEqual(1);
    // The rest of the graph did not move.
    expect(t.graph.getNodeAttributes('a')).toMatchObject({ x: 0, y: 0 });
    expect(t.graph.getNodeAttributes('b')).toMatchObject({ x: 10, y: 0 });
  });

  it('places a chain of new nodes off each other, and a lone one near its space centre', () => {
    const t = target();
    applyDelta(
      t,
      delta(11, [
        { type: 'memory_upserted', memory: memory('c') },
        { type: 'memory_upserted', memory: memory('d') },
        { type: 'memory_upserted', memory: memory('lone', { space: 'far' }) },
        { type: 'edge_upserted', edge: edge('ac', 'a', 'c') },
        { type: 'edge_upserted', edge: edge('cd', 'c', 'd') },
      ]),
      place,
    );
    const c = t.graph.getNodeAttributes('c');
    const d = t.graph.getNodeAttributes('d');
    const lone = t.graph.getNodeAttributes('lone');
    expect(Math.hypot(c.x, c.y)).toBeLessThanOrEqual(1);
    expect(Math.hypot(d.x - c.x, d.y - c.y)).toBeLessThanOrEqual(1);
    expect(Math.hypot(lone.x - 1000, lone.y - 1000)).toBeLessThanOrEqual(1);
  });

  it('buffers an edge to a missing node and adds it when the node arrives', () => {
    const t = target();
    const r = applyDelta(t, delta(11, [{ type: 'edge_upserted', edge: edge('ax', 'a', 'x') }]), place);
    expect(r.outcome).toBe('next');
    expect(t.graph.hasEdge('ax')).toBe(false);
    expect(t.pendingEdges.has('ax')).toBe(true);
    const r2 = applyDelta(t, delta(12, [{ type: 'memory_upserted', memory: memory('x') }]), place);
    expect(r2.addedEdges).toEqual(['ax']);
    expect(t.graph.hasEdge('ax')).toBe(true);
    expect(t.pendingEdges.size).toBe(0);
    // It arrived next to its buffered neighbour.
    const x = t.graph.getNodeAttributes('x');
    expect(Math.hypot(x.x, x.y)).toBeLessThanOrEqual(1);
  });

  it('forgets a buffered edge that is removed before its node arrives', () => {
    const t = target();
    applyDelta(t, delta(11, [{ type: 'edge_upserted', edge: edge('ax', 'a', 'x') }]), place);
    applyDelta(t, delta(12, [{ type: 'edge_removed', id: 'ax' }]), place);
    applyDelta(t, delta(13, [{ type: 'memory_upserted', memory: memory('x') }]), place);
    expect(t.graph.hasEdge('ax')).toBe(false);
  });

  it('removes nodes with their edges, and edges alone', () => {
    const t = target();
    applyDelta(t, delta(11, [{ type: 'memory_upserted', memory: memory('c') }, { type: 'edge_upserted', edge: edge('bc', 'b', 'c') }]), place);
    const r = applyDelta(t, delta(12, [{ type: 'memory_removed', id: 'b' }]), place);
    expect(r.removedNodes).toEqual(['b']);
    expect(r.removedEdges.sort()).toEqual(['ab', 'bc']);
    expect(t.graph.hasNode('b')).toBe(false);
    expect(t.memories.has('b')).toBe(false);
    expect(t.graph.size).toBe(0);
    const r2 = applyDelta(t, delta(13, [{ type: 'edge_removed', id: 'nope' }, { type: 'memory_removed', id: 'nope' }]), place);
    expect(r2.outcome).toBe('next');
    expect(t.graph.order).toBe(2);
  });

  it('updates an existing edge in place (a confirmed automatic link is no longer reviewable)', () => {
    const t = target();
    applyDelta(t, delta(11, [{ type: 'edge_upserted', edge: edge('ab', 'a', 'b', { kind: 'similar', automatic: true }) }]), place);
    expect(t.graph.getEdgeAttributes('ab')).toMatchObject({ kind: 'similar', auto: true });
    applyDelta(t, delta(12, [{ type: 'edge_upserted', edge: edge('ab', 'a', 'b', { kind: 'similar', automatic: true, confirmed: true }) }]), place);
    expect(t.graph.getEdgeAttributes('ab')).toMatchObject({ kind: 'similar', auto: false });
    expect(t.graph.size).toBe(1);
  });
});
