import { describe, expect, it } from 'vitest';
import { clip, fieldChanges, formatValue, moveOf, rowOf } from './historyDiff';

const memory = {
  id: 'm1',
  kind: 'fact',
  title: 'Atlas launch',
  text: 'The Atlas launch is on May 3',
  tags: ['atlas'],
  importance: 0.5,
  pinned: false,
  status: 'active',
  valid_until: null,
  version: 1,
  updated_at: '2026-01-01T00:00:00Z',
  embedder: 'e1',
  merged_from: [],
};

describe('what an operation changed', () => {
  it('lists each field that differs with its old and new value', () => {
    const after = { ...memory, text: 'The Atlas launch is on May 17', pinned: true, version: 2, updated_at: '2026-01-02T00:00:00Z', embedder: 'e2' };
    expect(fieldChanges(memory, after)).toEqual([
      { field: 'text', before: 'The Atlas launch is on May 3', after: 'The Atlas launch is on May 17' },
      { field: 'pinned', before: 'no', after: 'yes' },
    ]);
  });

  it('says what joined and left a list', () => {
    const after = { ...memory, tags: ['launch', 'q2'], merged_from: ['m2'] };
    const changes = fieldChanges(memory, after);
    expect(changes.find((c) => c.field === 'tags')).toMatchObject({ before: 'atlas', after: 'launch, q2', added: ['launch', 'q2'], removed: ['atlas'] });
    expect(changes.find((c) => c.field === 'merged_from')).toMatchObject({ before: null, after: 'm2', added: ['m2'], removed: [] });
  });

  it('shows a field set or cleared as going from or to nothing', () => {
    const superseded = { ...memory, status: 'superseded', valid_until: '2026-02-01T00:00:00Z' };
    expect(fieldChanges(memory, superseded)).toEqual([
      { field: 'status', before: 'active', after: 'superseded' },
      { field: 'valid_until', before: null, after: '2026-02-01T00:00:00Z' },
    ]);
    const { pinned: _, ...withoutPinned } = memory;
    expect(fieldChanges(memory, withoutPinned)).toEqual([{ field: 'pinned', before: 'no', after: null }]);
  });

  it('tells a change of properties one property at a time', () => {
    const before = { ...memory, properties: { status: 'draft', rating: 4, reviewers: ['Priya'] } };
    const after = { ...memory, properties: { status: 'final', reviewers: ['Priya', 'Tomás'], due: '2025-01-31' }, version: 2 };
    expect(fieldChanges(before, after)).toEqual([
      { field: 'properties.status', before: 'draft', after: 'final' },
      { field: 'properties.reviewers', before: 'Priya', after: 'Priya, Tomás', added: ['Tomás'], removed: [] },
      { field: 'properties.due', before: null, after: '2025-01-31' },
      { field: 'properties.rating', before: '4', after: null },
    ]);
    // A memory without properties has none in its row; one that gains some, or loses all, reads the same.
    expect(fieldChanges(memory, { ...memory, properties: { done: true } })).toEqual([{ field: 'properties.done', before: null, after: 'yes' }]);
    expect(fieldChanges({ ...memory, properties: { done: true } }, { ...memory, properties: {} })).toEqual([{ field: 'properties.done', before: 'yes', after: null }]);
    // Property names that are also bookkeeping fields are told like any other.
    expect(fieldChanges({ ...memory, properties: { version: 1 } }, { ...memory, properties: { version: 2 } })).toEqual([{ field: 'properties.version', before: '1', after: '2' }]);
  });

  it('reads the memory out of an add’s { memory, edges }, and changes nothing for a created or removed row', () => {
    expect(rowOf({ memory, edges: [] })).toBe(memory);
    expect(rowOf(memory)).toBe(memory);
    expect(fieldChanges(null, { memory, edges: [] })).toEqual([]);
    expect(fieldChanges(memory, null)).toEqual([]);
    expect(fieldChanges('not json', memory)).toEqual([]);
  });

  it('compares edges the same way (a confirmed link)', () => {
    const e = { id: 'e1', from: 'a', to: 'b', confirmed: false, weight: 0.8123 };
    expect(fieldChanges(e, { ...e, confirmed: true })).toEqual([{ field: 'confirmed', before: 'no', after: 'yes' }]);
    expect(formatValue(0.8123)).toBe('0.812');
  });

  it('formats nothing as nothing', () => {
    expect(formatValue(null)).toBeNull();
    expect(formatValue('')).toBeNull();
    expect(formatValue([])).toBeNull();
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
  });

  it('clips long values at a word', () => {
    expect(clip('short')).toBe('short');
    expect(clip('one two three four five six', 14)).toBe('one two three…');
    expect(clip('a\n\nb')).toBe('a b');
  });
});

describe('moveOf', () => {
  const row = (space: string, text = 'the same text') => ({ id: 'm1', space, text, version: 1 });
  it('calls an update that changed only the space a move, to that space', () => {
    expect(moveOf('update', fieldChanges(row('work'), { ...row('projects'), version: 2 }))).toBe('projects');
  });
  it('is no move when anything else changed too, or for another kind', () => {
    expect(moveOf('update', fieldChanges(row('work'), row('projects', 'a new text')))).toBeNull();
    expect(moveOf('update', fieldChanges(row('work'), row('work', 'a new text')))).toBeNull();
    expect(moveOf('add', fieldChanges(row('work'), row('projects')))).toBeNull();
  });
});
