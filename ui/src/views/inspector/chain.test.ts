import { describe, expect, it } from 'vitest';
import { emptyGraph } from '../../graph/build';
import { supersedeChain } from './chain';

function graph(edges: [string, string, string][]) {
  const g = emptyGraph();
  for (const [from, to, kind] of edges) {
    for (const id of [from, to]) if (!g.hasNode(id)) g.addNode(id, { x: 0, y: 0, label: id, kind: 'fact', imp: 0, lod: 0, inactive: false, held: false, pinned: false });
    g.addDirectedEdge(from, to, { kind: kind as 'supersedes', auto: false, lod: 0 });
  }
  return g;
}

describe('the supersede chain', () => {
  // v3 supersedes v2, which superseded v1: edges run from the newer to the older.
  const g = graph([
    ['v3', 'v2', 'supersedes'],
    ['v2', 'v1', 'supersedes'],
    ['v2', 'x', 'related'],
  ]);

  it('walks both ways from the middle, nearest first', () => {
    expect(supersedeChain(g, 'v2')).toEqual({ newer: ['v3'], older: ['v1'] });
  });

  it('follows the whole chain from either end', () => {
    expect(supersedeChain(g, 'v1')).toEqual({ newer: ['v2', 'v3'], older: [] });
    expect(supersedeChain(g, 'v3')).toEqual({ newer: [], older: ['v2', 'v1'] });
  });

  it('ignores other kinds of links, unknown memories and cycles', () => {
    expect(supersedeChain(g, 'x')).toEqual({ newer: [], older: [] });
    expect(supersedeChain(g, 'nope')).toEqual({ newer: [], older: [] });
    const cyclic = graph([
      ['a', 'b', 'supersedes'],
      ['b', 'a', 'supersedes'],
    ]);
    expect(supersedeChain(cyclic, 'a')).toEqual({ newer: ['b'], older: ['b'] });
  });
});
