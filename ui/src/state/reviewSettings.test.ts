import { describe, expect, it } from 'vitest';
import { clampStale, readStaleBelow, reviewSettings, setStaleBelow, staleFraction, STALE_DEFAULT } from './reviewSettings';

/** What the browser's localStorage does, for the calls the module makes. */
function memoryStorage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    raw: m,
  };
}

const stored = (v: string) => memoryStorage({ 'mnemo.review.staleBelow': v });

describe('the stale threshold', () => {
  it('is 10 % (the engine default) when nothing is stored or there is no storage', () => {
    expect(STALE_DEFAULT).toBe(10);
    expect(readStaleBelow(memoryStorage())).toBe(10);
    expect(readStaleBelow(undefined)).toBe(10);
    expect(staleFraction(STALE_DEFAULT)).toBeCloseTo(0.1);
  });

  it('is clamped to whole percents from 1 to 50', () => {
    expect(clampStale(0)).toBe(1);
    expect(clampStale(-20)).toBe(1);
    expect(clampStale(90)).toBe(50);
    expect(clampStale(12.4)).toBe(12);
    expect(clampStale(Number.NaN)).toBe(10);
    expect(staleFraction(400)).toBeCloseTo(0.5);
  });

  it('falls back to the default for a bad stored value', () => {
    for (const bad of ['', 'abc', '75', '0', '-3', '12.5', '1e1', 'null', '{"v":20}']) {
      expect(readStaleBelow(stored(bad)), bad).toBe(10);
    }
    expect(readStaleBelow(stored(' 25 '))).toBe(25);
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(readStaleBelow(broken)).toBe(10);
    // Not remembered, but still applied.
    expect(setStaleBelow(30, broken)).toBe(30);
    expect(reviewSettings.get().staleBelow).toBe(30);
  });

  it('is remembered: what is set reads back, clamped', () => {
    const s = memoryStorage();
    expect(setStaleBelow(40, s)).toBe(40);
    expect(reviewSettings.get().staleBelow).toBe(40);
    expect(readStaleBelow(s)).toBe(40);
    setStaleBelow(80, s);
    expect(s.raw.get('mnemo.review.staleBelow')).toBe('50');
    expect(readStaleBelow(s)).toBe(50);
    expect(reviewSettings.get().staleBelow).toBe(50);
  });
});
