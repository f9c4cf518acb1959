import { describe, expect, it } from 'vitest';
import { groupByAction } from './group';

describe('the feed, one entry per action', () => {
  it('groups a merge’s operations under the one that opened it', () => {
    // Newest first, as the log lists them: the merge M (ops m1..m4), then an older add.
    const ops = [
      { id: 'm4', action: 'm1' },
      { id: 'm3', action: 'm1' },
      { id: 'm2', action: 'm1' },
      { id: 'm1', action: 'm1' },
      { id: 'a1', action: 'a1' },
    ];
    const groups = groupByAction(ops);
    expect(groups.map((g) => [g.action, g.head.id, g.count])).toEqual([
      ['m1', 'm1', 4],
      ['a1', 'a1', 1],
    ]);
  });

  it('heads with the oldest listed when the opening operation is off the page', () => {
    const groups = groupByAction([
      { id: 'm4', action: 'm1' },
      { id: 'm3', action: 'm1' },
    ]);
    expect(groups[0].head.id).toBe('m3');
  });

  it('keeps operations of older logs (no action) apart', () => {
    expect(groupByAction([{ id: 'x' }, { id: 'y' }]).map((g) => g.count)).toEqual([1, 1]);
  });
});

describe('the head of an entry', () => {
  it('is the memory the writer added, not the entities its text mentioned', () => {
    // An add logs the new entities first (e1 opens the action), then the memory itself.
    const ops = [
      { id: 'm', action: 'e1', principal: true },
      { id: 'e2', action: 'e1', principal: false },
      { id: 'e1', action: 'e1', principal: false },
    ];
    const groups = groupByAction(ops, (o) => o.principal);
    expect(groups.map((g) => [g.head.id, g.count])).toEqual([['m', 3]]);
  });

  it('is the oldest principal one when several are', () => {
    const ops = [
      { id: 'b', action: 'a', principal: true },
      { id: 'a', action: 'a', principal: true },
    ];
    expect(groupByAction(ops, (o) => o.principal)[0].head.id).toBe('a');
  });
});
