import { describe, expect, it } from 'vitest';
import type { Edge, ReviewQueue } from '../../api/types';
import { flatten, itemsOf, keys, keysOfMemory, memoriesOf, pairs, refocus, shownCounts, step, visible } from './queue';

const edge = (id: string, from: string, to: string): Edge => ({
  id,
  from,
  to,
  kind: 'similar',
  relation: 'similar',
  weight: 0.8,
  valid_from: null,
  valid_until: null,
  provenance: 'cosine 0.800',
  automatic: true,
  confirmed: false,
  created_at: '2026-01-01T00:00:00Z',
});

const queue: ReviewQueue = {
  held: [{ id: 'p1', written_by: 'agent:intern', reason: 'written by agent:intern, whose writes wait for review' }],
  duplicates: [
    { ids: ['a', 'b'], reason: 'texts nearly the same (cosine 0.990)', score: 0.99 },
    { ids: ['c', 'd', 'e'], reason: 'names one letter apart', score: 1 },
  ],
  links: [{ edge: edge('e1', 'a', 'f'), reason: 'similar meaning (cosine 0.800)' }],
  contradictions: [
    { a: 'g', b: 'h', difference: { kind: 'number', only_a: ['3'], only_b: ['17'], reason: 'different numbers: 3 vs 17' } },
  ],
  orphans: ['o1', 'o2'],
  stale: [
    { id: 'o2', retention: 0.02 },
    { id: 's1', retention: null },
  ],
  // The engine counts more links than it listed (its limit).
  counts: { held: 1, duplicates: 2, links: 5, contradictions: 1, orphans: 2, stale: 2 },
};

describe('the queue as items', () => {
  it('gives every item a stable key, section by section in order, held writes first', () => {
    const keysInOrder = flatten(itemsOf(queue)).map((i) => i.key);
    expect(keysInOrder).toEqual([
      'held:p1',
      'dup:a,b',
      'dup:c,d,e',
      'link:e1',
      'con:g:h',
      'orphan:o1',
      'orphan:o2',
      'stale:o2',
      'stale:s1',
    ]);
    expect(itemsOf(queue).stale[1]).toMatchObject({ id: 's1', retention: 0 });
  });

  it('hides items acted on and counts them off the whole counts', () => {
    const all = itemsOf(queue);
    const dismissed = new Set([keys.duplicate({ ids: ['a', 'b'] }), keys.link('e1'), 'link:not-listed']);
    expect(visible(all, dismissed).duplicates.map((i) => i.key)).toEqual(['dup:c,d,e']);
    expect(visible(all, dismissed).links).toEqual([]);
    expect(shownCounts(queue.counts, all, dismissed)).toEqual({ held: 1, duplicates: 1, links: 4, contradictions: 1, orphans: 2, stale: 2 });
    expect(visible(all, new Set())).toBe(all);
  });

  it('lets a held write leave once decided, its count following', () => {
    const all = itemsOf(queue);
    const gone = new Set([keys.held('p1')]);
    expect(visible(all, gone).held).toEqual([]);
    expect(shownCounts(queue.counts, all, gone).held).toBe(0);
    expect(all.held[0]).toMatchObject({ section: 'held', held: { written_by: 'agent:intern' } });
  });

  it('names the memories an item is about', () => {
    const all = flatten(itemsOf(queue));
    expect(all.map(memoriesOf)).toEqual([['p1'], ['a', 'b'], ['c', 'd', 'e'], ['a', 'f'], ['g', 'h'], ['o1'], ['o2'], ['o2'], ['s1']]);
  });

  it('finds the orphan and stale entries of one memory, which leave together', () => {
    expect(keysOfMemory(itemsOf(queue), 'o2')).toEqual(['orphan:o2', 'stale:o2']);
    expect(keysOfMemory(itemsOf(queue), 'a')).toEqual([]);
  });

  it('pairs every member of a group once', () => {
    expect(pairs(['a', 'b'])).toEqual([['a', 'b']]);
    expect(pairs(['a', 'b', 'c'])).toEqual([['a', 'b'], ['a', 'c'], ['b', 'c']]);
    expect(pairs(['a'])).toEqual([]);
  });
});

describe('keyboard focus', () => {
  const order = ['k1', 'k2', 'k3'];

  it('moves with j and k, staying at the ends', () => {
    expect(step(order, 'k1', 1)).toBe('k2');
    expect(step(order, 'k3', 1)).toBe('k3');
    expect(step(order, 'k2', -1)).toBe('k1');
    expect(step(order, 'k1', -1)).toBe('k1');
  });

  it('starts at the first item going down and the last going up', () => {
    expect(step(order, null, 1)).toBe('k1');
    expect(step(order, null, -1)).toBe('k3');
    expect(step(order, 'gone', 1)).toBe('k1');
    expect(step([], null, 1)).toBeNull();
  });

  it('passes to the next item when the focused one is acted on', () => {
    expect(refocus(order, ['k1', 'k3'], 'k2')).toBe('k3');
  });

  it('passes to the previous item when the last one goes', () => {
    expect(refocus(order, ['k1', 'k2'], 'k3')).toBe('k2');
  });

  it('skips items that left together with it', () => {
    expect(refocus(['k1', 'k2', 'k3', 'k4'], ['k1', 'k4'], 'k2')).toBe('k4');
  });

  it('stays on its item when others come and go, and starts at the top', () => {
    expect(refocus(order, ['new', 'k2', 'k3'], 'k2')).toBe('k2');
    expect(refocus([], order, null)).toBe('k1');
    expect(refocus(order, [], 'k1')).toBeNull();
    expect(refocus(order, ['x', 'y'], 'k2')).toBe('x');
  });
});
