import { describe, expect, it } from 'vitest';
import { asOfBounds, fromLocalInput, timeSpan, toLocalInput } from './asOf';

const at = (iso: string) => Date.parse(iso);
const m = (created_at: string, updated_at = created_at, valid_from: string | null = null, valid_until: string | null = null) => ({
  created_at,
  updated_at,
  valid_from,
  valid_until,
});

describe('the as-of slider range', () => {
  // An old event imported in May 2024 (the axis ends in 2020), and a fact that holds until 2030.
  const span = timeSpan([m('2024-05-06T09:30:00Z', '2024-05-07T10:00:00Z'), m('2024-05-01T08:00:00Z', '2024-05-01T08:00:00Z', '2019-01-01T00:00:00Z', '2030-01-01T00:00:00Z')]);
  const axis = { start: at('2019-06-01T00:00:00Z'), end: at('2020-01-01T00:00:00Z') };

  it('reaches, for "true then", from the first validity to the last', () => {
    expect(span).toEqual({ first: at('2019-01-01T00:00:00Z'), last: at('2030-01-01T00:00:00Z'), lastRecorded: at('2024-05-07T10:00:00Z') });
    expect(asOfBounds(axis, span, 'true')).toEqual([at('2019-01-01T00:00:00Z'), at('2030-01-01T00:00:00Z')]);
  });

  it('ends, for "known then", at the last change Mnemo recorded', () => {
    expect(asOfBounds(axis, span, 'known')).toEqual([at('2019-01-01T00:00:00Z'), at('2024-05-07T10:00:00Z')]);
  });

  it('is the axis when nothing is recorded', () => {
    expect(timeSpan([])).toBeNull();
    expect(asOfBounds({ start: 1, end: 2 }, null, 'known')).toEqual([1, 2]);
  });
});

describe('the as-of date-time field', () => {
  it('writes local time to the second and reads it back', () => {
    const t = new Date(2024, 4, 6, 9, 3, 7, 450).getTime();
    expect(toLocalInput(t)).toBe('2024-05-06T09:03:07');
    expect(fromLocalInput('2024-05-06T09:03:07')).toBe(new Date(2024, 4, 6, 9, 3, 7).getTime());
    expect(fromLocalInput('2024-05-06T09:03')).toBe(new Date(2024, 4, 6, 9, 3, 0).getTime());
  });

  it('reads an incomplete value as nothing', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2024-05-06')).toBeNull();
  });
});
