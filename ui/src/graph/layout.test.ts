import { describe, expect, it } from 'vitest';
import { adjacency, initialLayout } from './layout';
import { lodLevels, maxLevelForRatio, LOD_MIN_NODES } from './lod';

const u32 = (xs: number[]) => Uint32Array.from(xs);

describe('initialLayout', () => {
  it('builds undirected adjacency', () => {
    const { offsets, list } = adjacency(3, u32([0, 1]), u32([1, 2]));
    expect([...offsets]).toEqual([0, 1, 3, 4]);
    expect([...list.slice(offsets[1], offsets[2])].sort()).toEqual([0, 2]);
  });

  it('is deterministic and finite', () => {
    const a = initialLayout(5, u32([0, 1, 3]), u32([1, 2, 4]));
    const b = initialLayout(5, u32([0, 1, 3]), u32([1, 2, 4]));
    expect([...a.xy]).toEqual([...b.xy]);
    expect(a.xy.every(Number.isFinite)).toBe(true);
  });

  it('numbers components largest first and keeps them apart', () => {
    // A triangle (0,1,2), a pair (3,4), a singleton (5).
    const l = initialLayout(6, u32([0, 1, 2, 3]), u32([1, 2, 0, 4]));
    expect(l.componentCount).toBe(3);
    expect(l.component[0]).toBe(0);
    expect(l.component[1]).toBe(0);
    expect(l.component[3]).toBe(1);
    expect(l.component[5]).toBe(2);
    const p = (i: number) => [l.xy[i * 2], l.xy[i * 2 + 1]];
    const dist = (i: number, j: number) => Math.hypot(p(i)[0] - p(j)[0], p(i)[1] - p(j)[1]);
    // Neighbours are closer than members of different components.
    expect(dist(3, 4)).toBeLessThan(dist(3, 0));
    expect(dist(0, 1)).toBeLessThan(dist(0, 5));
  });

  it('keeps every node at a distinct position around a hub', () => {
    const n = 200;
    const l = initialLayout(n, u32(Array.from({ length: n - 1 }, () => 0)), u32(Array.from({ length: n - 1 }, (_, i) => i + 1)));
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) seen.add(`${l.xy[i * 2].toFixed(3)},${l.xy[i * 2 + 1].toFixed(3)}`);
    expect(seen.size).toBe(n);
  });
});

describe('level of detail', () => {
  it('draws everything in small graphs', () => {
    expect([...lodLevels([1, 2, 3], [0, 0, 0])]).toEqual([0, 0, 0]);
    expect(maxLevelForRatio(1, 100)).toBe(Infinity);
  });

  it('keeps the best-connected memories at level 0 in large graphs', () => {
    const n = LOD_MIN_NODES;
    const degree = Array.from({ length: n }, (_, i) => (i < 100 ? 500 : i % 7));
    const levels = lodLevels(degree, new Array(n).fill(0));
    for (let i = 0; i < 100; i++) expect(levels[i]).toBe(0);
    const atZero = levels.filter((l) => l === 0).length;
    expect(atZero).toBeGreaterThan(n * 0.05);
    expect(atZero).toBeLessThan(n * 0.3);
    expect(Math.max(...levels)).toBe(3);
    expect(maxLevelForRatio(1, n)).toBe(0);
    expect(maxLevelForRatio(0.05, n)).toBe(Infinity);
  });
});
