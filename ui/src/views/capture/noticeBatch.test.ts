import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { batchNotices } from './noticeBatch';

describe('notices of a burst of syncs', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = () => {
    const shown: number[] = [];
    const batch = batchNotices<number>((a, b) => a + b, (x) => shown.push(x), 5000);
    return { shown, batch };
  };

  it('shows the first at once', () => {
    const { shown, batch } = setup();
    batch.push(1);
    expect(shown).toEqual([1]);
  });

  it('merges what comes within the quiet time into one notice at its end', () => {
    const { shown, batch } = setup();
    batch.push(1);
    vi.advanceTimersByTime(1000);
    batch.push(2);
    batch.push(3);
    expect(shown).toEqual([1]);
    vi.advanceTimersByTime(4000);
    expect(shown).toEqual([1, 5]);
  });

  it('shows at most one notice per quiet time while the burst goes on', () => {
    const { shown, batch } = setup();
    for (let t = 0; t < 12_000; t += 1000) {
      batch.push(1);
      vi.advanceTimersByTime(1000);
    }
    // The one at 0 s at once; at 5 s the four of 1–4 s; at 10 s the five of 5–9 s; two wait.
    expect(shown).toEqual([1, 4, 5]);
    vi.advanceTimersByTime(5000);
    expect(shown).toEqual([1, 4, 5, 2]);
  });

  it('shows the next one at once after a quiet time with nothing', () => {
    const { shown, batch } = setup();
    batch.push(1);
    vi.advanceTimersByTime(5000);
    vi.advanceTimersByTime(5000);
    batch.push(2);
    expect(shown).toEqual([1, 2]);
  });

  it('drops what waits when cancelled (the watch was turned off)', () => {
    const { shown, batch } = setup();
    batch.push(1);
    batch.push(2);
    batch.cancel();
    vi.advanceTimersByTime(10_000);
    expect(shown).toEqual([1]);
    batch.push(3);
    expect(shown).toEqual([1, 3]);
  });
});
