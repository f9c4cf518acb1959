import { describe, expect, it } from 'vitest';
import { emptyGraph } from './build';
import { nodeAttrs } from './nodeAttrs';
import { placeLike } from './placeLike';
import { memory } from './testData';

function graphOf(nodes: [string, number, number][], edges: [string, string][] = []) {
  const g = emptyGraph();
  for (const [id, x, y] of nodes) g.addNode(id, nodeAttrs(memory(id), x, y, 0));
  edges.forEach(([a, b], i) => g.addDirectedEdgeWithKey(`e${i}`, a, b, { kind: 'related', auto: false, lod: 0 }));
  return g;
}

describe('placeLike', () => {
  it('puts every memory the live graph has where the live graph draws it', () => {
    const live = graphOf([['a', 10, 20], ['b', -5, 7], ['c', 3, 3]]);
    const past = graphOf([['a', 0, 0], ['b', 1, 1]]);
    placeLike(past, live);
    expect(past.getNodeAttributes('a')).toMatchObject({ x: 10, y: 20 });
    expect(past.getNodeAttributes('b')).toMatchObject({ x: -5, y: 7 });
  });

  it('places a memory the live graph lacks near its neighbours, and two of them apart', () => {
    const live = graphOf([['a', 100, 100], ['b', 120, 100], ['far', -100, -100]]);
    const past = graphOf([['a', 0, 0], ['b', 0, 0], ['gone1', 0, 0], ['gone2', 0, 0]], [['a', 'gone1'], ['gone2', 'b']]);
    placeLike(past, live);
    const g1 = past.getNodeAttributes('gone1');
    const g2 = past.getNodeAttributes('gone2');
    // Closer to its neighbour than to the far memory, and not on top of the other newcomer.
    expect(Math.hypot(g1.x - 100, g1.y - 100)).toBeLessThan(60);
    expect(Math.hypot(g2.x - 120, g2.y - 100)).toBeLessThan(60);
    expect(Math.hypot(g1.x - g2.x, g1.y - g2.y)).toBeGreaterThan(0);
  });

  it('spreads memories with no placed neighbour around the middle, not onto one point', () => {
    const live = graphOf([['a', 0, 0], ['b', 100, 0], ['c', 50, 80]]);
    const past = graphOf([['x', 0, 0], ['y', 0, 0], ['z', 0, 0]]);
    placeLike(past, live);
    const ps = ['x', 'y', 'z'].map((id) => past.getNodeAttributes(id));
    for (const p of ps) expect(Math.hypot(p.x - 50, p.y - 80 / 3)).toBeLessThan(60);
    expect(new Set(ps.map((p) => `${p.x.toFixed(3)},${p.y.toFixed(3)}`)).size).toBe(3);
  });
});
