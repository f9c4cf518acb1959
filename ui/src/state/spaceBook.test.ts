import { describe, expect, it } from 'vitest';
import type { Space } from '../api/types';
import { applySpaceChanges, archivedSet, bookOf, countBySpace, DEFAULT_SPACE, memoriesText, spaceNames, withSpaces } from './spaceBook';

const space = (name: string, fields: Partial<Space> = {}): Space => ({
  name,
  description: '',
  created_at: `2026-01-01T00:00:00Z#${name}`,
  colour: '',
  archived: false,
  ...fields,
});

describe('the space book', () => {
  it('holds the engine’s spaces, those memories are in, and always the default one', () => {
    const book = bookOf([space('work', { description: 'Job' })], ['work', 'trips']);
    expect(spaceNames(book)).toEqual([DEFAULT_SPACE, 'trips', 'work']);
    expect(book.get('work')?.description).toBe('Job');
    expect(book.get('trips')?.created_at).toBe('');
  });

  it('fills in fields older servers leave out', () => {
    const book = bookOf([{ name: 'old', description: '', created_at: 'x' }]);
    expect(book.get('old')).toMatchObject({ colour: '', archived: false });
  });

  it('adds names it does not know, and is the same book when it knows them all', () => {
    const book = bookOf([space('work')]);
    expect(withSpaces(book, ['work', DEFAULT_SPACE])).toBe(book);
    const more = withSpaces(book, ['home', 'home']);
    expect(spaceNames(more)).toEqual([DEFAULT_SPACE, 'home', 'work']);
    expect(book.has('home')).toBe(false);
  });

  it('orders names alphabetically, whatever their case, the default first', () => {
    expect(spaceNames(bookOf([space('beta'), space('Alpha'), space('gamma')]))).toEqual([DEFAULT_SPACE, 'Alpha', 'beta', 'gamma']);
  });
});

describe('space changes of a delta', () => {
  it('adds and updates spaces', () => {
    const book = bookOf([space('work')]);
    const r = applySpaceChanges(book, [
      { type: 'space_upserted', space: space('home') },
      { type: 'space_upserted', space: space('work', { archived: true }) },
    ]);
    expect(r.changed).toBe(true);
    expect(r.book.get('home')).toBeTruthy();
    expect(archivedSet(r.book)).toEqual(new Set(['work']));
    expect(r.renamed).toEqual([]);
    expect(book.has('home')).toBe(false);
  });

  it('reads the new name upserted with the old one’s creation time, and the old removed, as a rename', () => {
    const book = bookOf([space('work', { created_at: 'T1' })]);
    const r = applySpaceChanges(book, [
      { type: 'space_upserted', space: space('atlas', { created_at: 'T1' }) },
      { type: 'space_removed', name: 'work' },
    ]);
    expect(r.renamed).toEqual([['work', 'atlas']]);
    expect(r.removed).toEqual([]);
    expect(spaceNames(r.book)).toEqual([DEFAULT_SPACE, 'atlas']);
  });

  it('reads a delete that moves memories into a new space as a delete', () => {
    const book = bookOf([space('work', { created_at: 'T1' })]);
    const r = applySpaceChanges(book, [
      { type: 'space_upserted', space: space('later', { created_at: 'T9' }) },
      { type: 'space_removed', name: 'work' },
    ]);
    expect(r.renamed).toEqual([]);
    expect(r.removed).toEqual(['work']);
    expect(spaceNames(r.book)).toEqual([DEFAULT_SPACE, 'later']);
  });

  it('reads an undone rename as a rename back', () => {
    const book = bookOf([space('atlas', { created_at: 'T1' })]);
    const r = applySpaceChanges(book, [
      { type: 'space_upserted', space: space('work', { created_at: 'T1' }) },
      { type: 'space_removed', name: 'atlas' },
    ]);
    expect(r.renamed).toEqual([['atlas', 'work']]);
  });

  it('keeps the default space listed', () => {
    const r = applySpaceChanges(bookOf([]), [{ type: 'space_removed', name: DEFAULT_SPACE }]);
    expect(r.book.has(DEFAULT_SPACE)).toBe(true);
  });

  it('changes nothing for a delta without space changes', () => {
    const book = bookOf([]);
    const r = applySpaceChanges(book, [{ type: 'memory_removed', id: 'a' }]);
    expect(r).toEqual({ book, renamed: [], removed: [], changed: false });
  });
});

describe('counting', () => {
  it('counts memories per space', () => {
    expect(countBySpace([{ space: 'a' }, { space: 'b' }, { space: 'a' }])).toEqual(new Map([['a', 2], ['b', 1]]));
    expect(memoriesText(1)).toBe('1 memory');
    expect(memoriesText(3)).toBe('3 memories');
  });
});
