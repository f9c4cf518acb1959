import { describe, expect, it } from 'vitest';
import { formatRetention, formatThreshold } from './retention';

describe('retention as a percent', () => {
  it('reads whole percents, rounded down so that stale items stay under the threshold', () => {
    expect(formatRetention(0.0996)).toBe('9%');
    expect(formatRetention(0.25)).toBe('25%');
    expect(formatRetention(1)).toBe('100%');
    expect(formatThreshold(10)).toBe('10%');
  });

  it('keeps a decimal under 1% and says "<0.1%" below that', () => {
    expect(formatRetention(0.0096)).toBe('0.9%');
    expect(formatRetention(0.001)).toBe('0.1%');
    expect(formatRetention(0.0004)).toBe('<0.1%');
    expect(formatRetention(0)).toBe('<0.1%');
  });
});
