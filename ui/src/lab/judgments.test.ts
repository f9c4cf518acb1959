import { describe, expect, it } from 'vitest';
import type { JudgedQuery } from '../api/types';
import { byRecent, markForKey, marksFor, queryKey, setSize, withJudged } from './judgments';

const judged = (query: string, spaces: string[], relevant: string[], not_relevant: string[] = [], updated_at = '2026-12-01T10:00:00Z'): JudgedQuery => ({
  query,
  spaces,
  relevant,
  not_relevant,
  updated_at,
});

describe('judgments', () => {
  it('key a query as the server does: trimmed text, sorted spaces', () => {
    expect(queryKey(' deploy key ', ['work', 'home', 'work'])).toBe(queryKey('deploy key', ['home', 'work']));
    expect(queryKey('deploy key', [])).not.toBe(queryKey('deploy key', ['work']));
  });

  it('find the marks of one result list', () => {
    const all = [judged('deploy', ['work'], ['a', 'b'], ['c']), judged('deploy', [], ['z'])];
    const marks = marksFor(all, 'deploy ', ['work']);
    expect([...marks]).toEqual([['c', false], ['a', true], ['b', true]]);
    expect(marksFor(all, 'deploy', []).get('z')).toBe(true);
    expect(marksFor(null, 'deploy', []).size).toBe(0);
  });

  it('map keys to marks', () => {
    expect(markForKey('r')).toBe(true);
    expect(markForKey('n')).toBe(false);
    expect(markForKey('0')).toBeNull();
    expect(markForKey('Backspace')).toBeNull();
    expect(markForKey('x')).toBeUndefined();
  });

  it('keep the set current after a mark', () => {
    const all = [judged('a', [], ['1']), judged('b', [], ['2'])];
    const updated = withJudged(all, judged('a', [], ['1', '3'], [], '2026-12-02T00:00:00Z'));
    expect(updated.map((j) => [j.query, j.relevant])).toEqual([['b', ['2']], ['a', ['1', '3']]]);
    expect(withJudged(all, judged('b', [], []))).toHaveLength(1);
    expect(withJudged(all, judged('c', ['x'], [], ['9']))).toHaveLength(3);
    expect(byRecent(updated)[0].query).toBe('a');
    expect(setSize([judged('a', [], ['1'], ['2']), judged('b', [], [], ['3'])])).toEqual({ queries: 2, usable: 1, marks: 3 });
  });
});
