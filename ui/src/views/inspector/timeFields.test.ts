import { describe, expect, it } from 'vitest';
import { inZone } from '../../testing/inZone';
import { fromLocalInput, intervalError, sameInstant, toLocalInput } from './timeFields';

const value = (local: string) => {
  const r = fromLocalInput(local);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

inZone('Asia/Kolkata', -330, () => {
  it('reads a wall-clock time as the instant it names there, in UTC', () => {
    expect(value('2024-03-10T09:15')).toBe('2024-03-10T03:45:00Z');
    // Across midnight: 02:00 on the 1st in India is the evening before in UTC.
    expect(value('2024-01-01T02:00')).toBe('2023-12-31T20:30:00Z');
  });

  it('shows a stored instant as local wall-clock time, and back to the same instant', () => {
    expect(toLocalInput('2024-03-10T03:45:00Z')).toBe('2024-03-10T09:15');
    expect(toLocalInput('2024-03-10T03:45:00+00:00')).toBe('2024-03-10T09:15');
    for (const iso of ['2024-03-10T03:45:00Z', '1999-12-31T23:59:00Z', '2030-06-15T00:00:00Z']) {
      expect(value(toLocalInput(iso))).toBe(iso);
    }
  });
});

inZone('America/New_York', 300, () => {
  it('uses the offset in force on that day, not today’s', () => {
    expect(value('2024-01-15T12:00')).toBe('2024-01-15T17:00:00Z');
    expect(value('2024-07-01T12:00')).toBe('2024-07-01T16:00:00Z');
    expect(toLocalInput('2024-07-01T16:00:00Z')).toBe('2024-07-01T12:00');
  });

  it('resolves the hour daylight saving skips forward and the one it repeats to the first', () => {
    // 02:30 on 10 March 2024 never happened in New York: clocks went from 02:00 to 03:00.
    expect(value('2024-03-10T02:30')).toBe('2024-03-10T07:30:00Z');
    // 01:30 on 3 November 2024 happened twice; the first (still daylight time, UTC−4) is taken.
    expect(value('2024-11-03T01:30')).toBe('2024-11-03T05:30:00Z');
  });

  it('round-trips every hour of a year but the one a wall clock cannot tell apart', () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    // 06:00Z on 3 November is the second 01:00 of the night: it shows as 01:00 like 05:00Z, and
    // reads back as the first. (An unchanged field is not sent, so showing it loses nothing.)
    const repeated = '2024-11-03T06:00:00Z';
    expect(toLocalInput(repeated)).toBe('2024-11-03T01:00');
    for (let h = 0; h < 366 * 24; h++) {
      const iso = new Date(start + h * 3_600_000).toISOString().replace('.000Z', 'Z');
      if (iso !== repeated) expect(value(toLocalInput(iso)), iso).toBe(iso);
    }
  });

  it('refuses a time the engine cannot store (past the year 9999 in UTC)', () => {
    const r = fromLocalInput('9999-12-31T23:00');
    expect(r.ok).toBe(false);
    expect(value('9999-12-31T18:00')).toBe('9999-12-31T23:00:00Z');
  });
});

inZone('UTC', 0, () => {
  it('keeps seconds and milliseconds only where the instant has them', () => {
    expect(toLocalInput('2024-03-10T03:45:00Z')).toBe('2024-03-10T03:45');
    expect(toLocalInput('2024-03-10T03:45:30Z')).toBe('2024-03-10T03:45:30');
    expect(toLocalInput('2024-03-10T03:45:30.25Z')).toBe('2024-03-10T03:45:30.250');
    expect(value('2024-03-10T03:45:30')).toBe('2024-03-10T03:45:30Z');
    expect(value('2024-03-10T03:45:30.5')).toBe('2024-03-10T03:45:30.500Z');
    // The engine keeps microseconds; the input shows milliseconds (an unchanged field is not sent).
    expect(toLocalInput('2024-03-10T03:45:30.123456Z')).toBe('2024-03-10T03:45:30.123');
  });

  it('writes the years 0 to 99 as themselves, not as 1900 to 1999', () => {
    expect(value('0050-06-01T00:00')).toBe('0050-06-01T00:00:00Z');
    expect(toLocalInput('0050-06-01T00:00:00Z')).toBe('0050-06-01T00:00');
  });

  it('clears with an empty value, and shows none as empty', () => {
    expect(fromLocalInput('')).toEqual({ ok: true, value: '' });
    expect(fromLocalInput('   ')).toEqual({ ok: true, value: '' });
    expect(toLocalInput(null)).toBe('');
    expect(toLocalInput(undefined)).toBe('');
    expect(toLocalInput('not a time')).toBe('');
  });

  it('refuses what is not a date and time', () => {
    for (const bad of ['yesterday', '2024-03-10', '2024-02-30T10:00', '2024-13-01T00:00', '2024-03-10T24:00', '2024-03-10T10:60']) {
      const r = fromLocalInput(bad);
      expect(r.ok, bad).toBe(false);
    }
  });
});

describe('the validity interval', () => {
  const from = '2024-03-01T00:00:00Z';

  it('accepts an until after the from, or either end open', () => {
    expect(intervalError('valid_until', from, '2024-03-01T00:00:01Z')).toBeNull();
    expect(intervalError('valid_until', null, from)).toBeNull();
    expect(intervalError('valid_from', from, null)).toBeNull();
    expect(intervalError('valid_until', from, '')).toBeNull();
  });

  it('refuses an until at or before the from, naming the field being edited', () => {
    expect(intervalError('valid_until', from, '2024-02-29T23:59:00Z')).toMatch(/^Valid until must be after valid from \(/);
    expect(intervalError('valid_until', from, from)).toMatch(/^Valid until must be after/);
    expect(intervalError('valid_from', '2024-04-01T00:00:00Z', '2024-03-15T00:00:00Z')).toMatch(/^Valid from must be before valid until \(/);
  });

  it('compares instants, not strings', () => {
    // The same instant written with an offset is still not after it.
    expect(intervalError('valid_until', '2024-03-01T05:30:00+05:30', '2024-03-01T00:00:00Z')).not.toBeNull();
    expect(sameInstant('2024-03-01T05:30:00+05:30', '2024-03-01T00:00:00Z')).toBe(true);
    expect(sameInstant('2024-03-01T00:00:00Z', '2024-03-01T00:00:01Z')).toBe(false);
    expect(sameInstant(null, '')).toBe(true);
    expect(sameInstant(null, from)).toBe(false);
  });
});
