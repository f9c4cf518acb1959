import { describe, expect, it } from 'vitest';
import type { RankChange, Signals } from '../api/types';
import { fmtDelta, movementBadge, movementCounts, movementSummary, signalDeltas, sideBySide } from './replayDiff';
import { NO_SIGNALS } from './testData';

const change = (id: string, before: number | null, after: number | null, movement: RankChange['movement']): RankChange => ({
  id,
  before,
  after,
  movement,
  signals_before: null,
  signals_after: null,
});

describe('replay diff', () => {
  it('badges each movement', () => {
    expect(movementBadge(change('a', 5, 2, 'up')).text).toBe('↑3');
    expect(movementBadge(change('a', 1, 3, 'down')).text).toBe('↓2');
    expect(movementBadge(change('a', null, 1, 'new'))).toMatchObject({ text: 'new', tone: 'new' });
    expect(movementBadge(change('a', 4, null, 'dropped'))).toMatchObject({ text: 'dropped', title: 'Rank 4 in the original; not in the replay' });
    expect(movementBadge(change('a', 2, 2, 'same')).text).toBe('=');
  });

  it('counts and sums up the changes', () => {
    const changes = [change('n', null, 1, 'new'), change('a', 1, 2, 'down'), change('b', 2, 3, 'down'), change('c', 3, null, 'dropped'), change('d', 4, 4, 'same')];
    const n = movementCounts(changes);
    expect(n).toEqual({ new: 1, dropped: 1, up: 0, down: 2, same: 1 });
    expect(movementSummary(n)).toBe('1 new, 1 dropped, 2 moved');
    expect(movementSummary(movementCounts([change('d', 1, 1, 'same')]))).toBe('Same ranking');
  });

  it('lays the two rankings side by side in their own orders', () => {
    const changes = [change('n', null, 1, 'new'), change('a', 1, 2, 'down'), change('c', 2, null, 'dropped')];
    const { original, replay } = sideBySide(changes);
    expect(original.map((r) => [r.id, r.rank])).toEqual([['a', 1], ['c', 2]]);
    expect(replay.map((r) => [r.id, r.rank])).toEqual([['n', 1], ['a', 2]]);
  });

  it('gives every signal’s change, leaving out what neither run had', () => {
    const before: Signals = { ...NO_SIGNALS, vector: 0.5, keyword: 2, relevance: 0.8, score: 0.9 };
    const after: Signals = { ...NO_SIGNALS, vector: 0.5, keyword: 2, relevance: 0.6, graph: 0.4, score: 0.75 };
    const d = signalDeltas(before, after);
    expect(d.map((x) => x.key)).toEqual(['score', 'relevance', 'vector', 'keyword', 'graph']);
    expect(d[0].delta).toBeCloseTo(-0.15);
    expect(d.find((x) => x.key === 'graph')).toMatchObject({ before: null, after: 0.4, delta: null });
    expect(signalDeltas(null, { ...after, pinned: true }).find((x) => x.key === 'pinned')).toMatchObject({ before: null, after: 1 });
    expect(fmtDelta(0.12)).toBe('+0.120');
    expect(fmtDelta(-0.05)).toBe('−0.050');
    expect(fmtDelta(0.0001)).toBe('±0');
    expect(fmtDelta(null)).toBe('—');
  });
});
