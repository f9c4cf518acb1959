import { describe, expect, it } from 'vitest';
import { searchMemories } from './search';
import { memory } from './testData';

describe('searchMemories', () => {
  const ms = new Map(
    [
      memory('1', { title: 'Atlas kickoff notes', text: 'x' }),
      memory('2', { title: 'Atlas', text: 'y' }),
      memory('3', { title: 'Trip', text: 'Flew to Lisbon for the Atlas offsite' }),
      memory('4', { title: 'Baking', text: 'sourdough' }),
    ].map((m) => [m.id, m]),
  );

  it('ranks an exact title first, then title matches, then text matches', () => {
    expect(searchMemories(ms, 'atlas', 10).map((m) => m.id)).toEqual(['2', '1', '3']);
  });

  it('respects the limit and ignores blank queries', () => {
    expect(searchMemories(ms, 'atlas', 1).map((m) => m.id)).toEqual(['2']);
    expect(searchMemories(ms, '   ', 5)).toEqual([]);
  });
});
