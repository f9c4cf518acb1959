import { describe, expect, it } from 'vitest';
import { bulkRequest, describeChange, kindOf, parseTags, selectionFacts, spaceChoices, summarize } from './bulk';

const report = (changed: number, unchanged = 0) => ({
  changed: Array.from({ length: changed }, (_, i) => `c${i}`),
  unchanged: Array.from({ length: unchanged }, (_, i) => `u${i}`),
});

describe('a bulk change', () => {
  it('makes a complete request of the ids and the change', () => {
    expect(bulkRequest(['a', 'b'], { status: 'archived' })).toEqual({
      ids: ['a', 'b'],
      status: 'archived',
      pinned: null,
      space: null,
      add_tags: [],
      remove_tags: [],
    });
    expect(bulkRequest(['a'], { add_tags: ['x'] }).add_tags).toEqual(['x']);
  });

  it('is logged as the kind Ctrl+Z names it by', () => {
    expect(kindOf({ status: 'archived' })).toBe('archive');
    expect(kindOf({ status: 'forgotten' })).toBe('forget');
    expect(kindOf({ status: 'active' })).toBe('restore');
    expect(kindOf({ pinned: true })).toBe('pin');
    expect(kindOf({ pinned: false })).toBe('pin');
    expect(kindOf({ add_tags: ['x'] })).toBe('update');
    expect(kindOf({ space: 'work' })).toBe('update');
  });

  it('says what it did, and what was so already', () => {
    expect(summarize({ status: 'archived' }, report(5))).toEqual({ title: 'Archived 5 memories', detail: undefined });
    expect(summarize({ status: 'archived' }, report(1, 2))).toEqual({ title: 'Archived 1 memory', detail: '2 were archived already.' });
    expect(summarize({ status: 'forgotten' }, report(2)).title).toBe('Forgot 2 memories');
    expect(summarize({ status: 'active' }, report(3, 1))).toEqual({ title: 'Restored 3 memories', detail: '1 was active already.' });
    expect(summarize({ pinned: true }, report(2)).title).toBe('Pinned 2 memories');
    expect(summarize({ pinned: false }, report(2)).title).toBe('Unpinned 2 memories');
    expect(summarize({ space: 'work' }, report(1)).title).toBe('Moved 1 memory to “work”');
    expect(summarize({ add_tags: ['launch', 'q3'] }, report(2)).title).toBe('Tagged 2 memories #launch #q3');
    expect(summarize({ remove_tags: ['old'] }, report(4)).title).toBe('Removed #old from 4 memories');
    expect(summarize({ add_tags: ['new'], remove_tags: ['old'] }, report(2)).title).toBe('Retagged 2 memories: +#new −#old');
  });

  it('says when nothing changed', () => {
    expect(summarize({ status: 'archived' }, report(0, 3))).toEqual({ title: 'Nothing to change', detail: 'All 3 were archived already.' });
    expect(summarize({ space: 'work' }, report(0, 1))).toEqual({ title: 'Nothing to change', detail: 'The memory was in “work” already.' });
  });

  it('names itself before it is made, for an error', () => {
    expect(describeChange({ status: 'archived' }, 3)).toBe('archive 3 memories');
    expect(describeChange({ space: 'work' }, 1)).toBe('move 1 memory to “work”');
    expect(describeChange({ add_tags: ['a'] }, 2)).toBe('tag 2 memories');
  });
});

describe('what a selection allows', () => {
  const m = (status: string, pinned: boolean, tags: string[], space = 'default') => ({ status: status as 'active', pinned, tags, space });

  it('sums up statuses, pins, tags and spaces', () => {
    const f = selectionFacts([m('active', true, ['b', 'a']), m('archived', true, ['a']), undefined, m('active', true, ['c', 'a'], 'work')]);
    expect(f.found).toBe(3);
    expect(f.anyInactive).toBe(true);
    expect(f.allArchived).toBe(false);
    expect(f.allPinned).toBe(true);
    expect(f.tags).toEqual([
      { tag: 'a', count: 3 },
      { tag: 'b', count: 1 },
      { tag: 'c', count: 1 },
    ]);
    expect(f.spaces).toEqual(['default', 'work']);
  });

  it('says all only of a non-empty selection', () => {
    const none = selectionFacts([undefined]);
    expect(none.found).toBe(0);
    expect(none.allArchived).toBe(false);
    expect(none.allPinned).toBe(false);
    const archived = selectionFacts([m('archived', false, []), m('archived', false, [])]);
    expect(archived.allArchived).toBe(true);
    expect(archived.allForgotten).toBe(false);
    expect(archived.allPinned).toBe(false);
  });
});

describe('held memories in a selection', () => {
  const m = (id: string, status: string) => ({ id, status: status as 'active', pinned: false, tags: [], space: 'default' });

  it('are offered Approve, not Restore: restoring one would let it in unremarked', () => {
    const f = selectionFacts([m('a', 'active'), m('h1', 'pending'), m('h2', 'pending')]);
    expect(f.held).toEqual(['h1', 'h2']);
    expect(f.anyInactive).toBe(false);
    const mixed = selectionFacts([m('h1', 'pending'), m('x', 'archived')]);
    expect(mixed.held).toEqual(['h1']);
    expect(mixed.anyInactive).toBe(true);
  });
});

describe('forgotten memories in a selection', () => {
  const m = (id: string, status: string) => ({ id, status: status as 'active', pinned: false, tags: [], space: 'default' });

  it('are listed apart, the only ones a purge may take', () => {
    const f = selectionFacts([m('a', 'active'), m('f1', 'forgotten'), m('x', 'archived'), m('f2', 'forgotten'), m('h', 'pending')]);
    expect(f.forgotten).toEqual(['f1', 'f2']);
    expect(selectionFacts([m('a', 'active')]).forgotten).toEqual([]);
  });
});

describe('typing tags and spaces', () => {
  it('reads tags as the engine stores them', () => {
    expect(parseTags('#Launch, q3  review,,#launch')).toEqual(['launch', 'q3', 'review']);
    expect(parseTags('  ')).toEqual([]);
  });

  it('offers matching spaces, and a new one when the text names none', () => {
    const spaces = ['default', 'work', 'homework', 'Archive'];
    expect(spaceChoices(spaces, '')).toEqual({ matches: ['Archive', 'default', 'homework', 'work'], create: null });
    expect(spaceChoices(spaces, 'wo')).toEqual({ matches: ['work', 'homework'], create: 'wo' });
    expect(spaceChoices(spaces, 'work')).toEqual({ matches: ['work', 'homework'], create: null });
    expect(spaceChoices(spaces, ' trips ')).toEqual({ matches: [], create: 'trips' });
  });
});
