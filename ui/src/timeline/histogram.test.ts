import { describe, expect, it } from 'vitest';
import { histogram, snapRange } from './histogram';

describe('histogram', () => {
  it('bins every instant, the last one in the last bin', () => {
    const h = histogram([0, 1, 2, 9, 10, NaN], 5)!;
    expect([...h.counts]).toEqual([2, 1, 0, 0, 2]);
    expect(h.max).toBe(2);
    expect(h.start).toBe(0);
    expect(h.end).toBe(10);
  });

  it('gives a single instant a span and nothing at all no histogram', () => {
    const h = histogram([5000], 10)!;
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(h.end - h.start).toBe(2 * 86_400_000);
    expect(histogram([], 10)).toBeNull();
  });

  it('snaps a brushed range outward to whole bins', () => {
    const h = histogram([0, 100], 10)!;
    expect(snapRange(h, 25, 12)).toEqual([10, 30]);
    expect(snapRange(h, 50, 50)).toEqual([50, 60]);
  });
});
