import { expect, it } from 'vitest';
import { inZone } from '../testing/inZone';
import { axisTicks } from './axis';
import { histogram } from './histogram';

const at = (iso: string) => Date.parse(iso);
const labels = (start: number, end: number) => axisTicks(start, end, 'en-GB').map((t) => t.label);

inZone('UTC', 0, () => {
  it("writes a single instant's two-day axis by day and hour, not the same date three times over", () => {
    const h = histogram([at('2026-12-06T10:00:00Z')], 100)!;
    expect(labels(h.start, h.end)).toEqual([
      '5 Dec, 10:00', '5 Dec, 19:36', '6 Dec, 05:12', '6 Dec, 14:48', '7 Dec, 00:24', '7 Dec, 10:00',
    ]);
  });

  it('writes the hours alone within one day, and seconds when the ticks are under a minute apart', () => {
    expect(labels(at('2026-12-06T09:00:00Z'), at('2026-12-06T14:00:00Z'))).toEqual([
      '09:00', '10:00', '11:00', '12:00', '13:00', '14:00',
    ]);
    expect(labels(at('2026-12-06T09:00:00Z'), at('2026-12-06T09:01:40Z'))).toEqual([
      '09:00:00', '09:00:20', '09:00:40', '09:01:00', '09:01:20', '09:01:40',
    ]);
  });

  it('writes dates once the ticks are days apart, and months over more than a year', () => {
    expect(labels(at('2026-11-01T00:00:00Z'), at('2026-12-01T00:00:00Z'))).toEqual([
      '1 Nov', '7 Nov', '13 Nov', '19 Nov', '25 Nov', '1 Dec',
    ]);
    expect(labels(at('2024-12-01T00:00:00Z'), at('2026-12-01T00:00:00Z'))).toEqual([
      'Dec 2024', 'Apr 2025', 'Sept 2025', 'Feb 2026', 'Jul 2026', 'Dec 2026',
    ]);
  });

  it('stands the ticks evenly from start to end', () => {
    const ticks = axisTicks(1000, 6000, 'en-GB');
    expect(ticks.map((t) => t.at)).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
  });
});

inZone('Europe/Berlin', -60, () => {
  it('names the zone when the clocks change within the axis: the hour that repeats reads apart', () => {
    expect(labels(at('2026-10-25T00:30:00Z'), at('2026-10-25T01:45:00Z'))).toEqual([
      '02:30 CEST', '02:45 CEST', '02:00 CET', '02:15 CET', '02:30 CET', '02:45 CET',
    ]);
    expect(labels(at('2026-10-25T06:00:00Z'), at('2026-10-25T11:00:00Z'))[0]).toBe('07:00');
  });

  it('never writes two ticks alike, at any span from seconds to years, across clock changes', () => {
    // Spans around the autumn clock change (a 25-hour day) and elsewhere, from 6 s to 5 years.
    const starts = [at('2026-10-24T22:30:00Z'), at('2026-10-25T00:30:00Z'), at('2026-03-28T23:00:00Z'), at('2026-07-01T12:00:00Z')];
    for (const start of starts) {
      for (let span = 6_000; span < 5 * 365 * 86_400_000; span *= 1.37) {
        const seen = labels(start, start + span);
        expect(new Set(seen).size, `${new Date(start).toISOString()} + ${Math.round(span / 1000)} s: ${seen.join(' | ')}`).toBe(6);
      }
    }
  });
});
