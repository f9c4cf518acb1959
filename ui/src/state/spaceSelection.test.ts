import { describe, expect, it } from 'vitest';
import { bookOf, DEFAULT_SPACE } from './spaceBook';
import {
  dropFromSelection,
  parseStoredSelection,
  pruneSelection,
  quickAddDefault,
  renameInSelection,
  sameSelection,
  selectionLabel,
  showsSpace,
  toggleSpace,
} from './spaceSelection';

const space = (name: string, archived = false) => ({ name, description: '', created_at: 'T', colour: '', archived });

describe('the space selection', () => {
  it('toggles a space in and out, keeping the order picked', () => {
    expect(toggleSpace([], 'work')).toEqual(['work']);
    expect(toggleSpace(['work'], 'home')).toEqual(['work', 'home']);
    expect(toggleSpace(['work', 'home'], 'work')).toEqual(['home']);
  });

  it('keeps a renamed space picked under its new name', () => {
    expect(renameInSelection(['work', 'home'], 'work', 'atlas')).toEqual(['atlas', 'home']);
    const sel = ['home'];
    expect(renameInSelection(sel, 'work', 'atlas')).toBe(sel);
    expect(renameInSelection(['work', 'atlas'], 'work', 'atlas')).toEqual(['atlas']);
  });

  it('drops deleted spaces, and spaces the store no longer has', () => {
    const sel = ['work', 'home'];
    expect(dropFromSelection(sel, ['home'])).toEqual(['work']);
    expect(dropFromSelection(sel, ['old'])).toBe(sel);
    const book = bookOf([space('work')]);
    expect(pruneSelection(sel, book)).toEqual(['work']);
    expect(pruneSelection(['work'], book)).toEqual(['work']);
  });

  it('compares selections whatever their order', () => {
    expect(sameSelection(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameSelection(['a'], ['a', 'b'])).toBe(false);
  });

  it('shows every space but the archived ones when nothing is picked, and the picked ones otherwise', () => {
    const archived = new Set(['old']);
    expect(showsSpace('work', [], archived)).toBe(true);
    expect(showsSpace('old', [], archived)).toBe(false);
    expect(showsSpace('old', ['old'], archived)).toBe(true);
    expect(showsSpace('work', ['old'], archived)).toBe(false);
  });

  it('reads as “All spaces”, a name, or a name and how many more', () => {
    expect(selectionLabel([])).toBe('All spaces');
    expect(selectionLabel(['work'])).toBe('work');
    expect(selectionLabel(['work', 'home', 'trips'])).toBe('work + 2 more');
  });

  it('gives quick add the one picked space when it takes memories, else the default', () => {
    const book = bookOf([space('work'), space('old', true)]);
    expect(quickAddDefault(['work'], book)).toBe('work');
    expect(quickAddDefault(['old'], book)).toBe(DEFAULT_SPACE);
    expect(quickAddDefault(['work', 'home'], book)).toBe(DEFAULT_SPACE);
    expect(quickAddDefault([], book)).toBe(DEFAULT_SPACE);
    expect(quickAddDefault(['gone'], book)).toBe(DEFAULT_SPACE);
  });

  it('reads back what was remembered, ignoring anything else', () => {
    expect(parseStoredSelection('["work","home","work"]')).toEqual(['work', 'home']);
    expect(parseStoredSelection('{"a":1}')).toEqual([]);
    expect(parseStoredSelection('[1, "", "x"]')).toEqual(['x']);
    expect(parseStoredSelection('not json')).toEqual([]);
    expect(parseStoredSelection(null)).toEqual([]);
  });
});
