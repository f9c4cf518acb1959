import { describe, expect, it } from 'vitest';
import { actionOf, describeAction, describeReport, undoneBy } from './undoLog';

// Ids sort by time, as the engine's UUIDv7 do.
const op = (id: string, action: string, undoes: string | null = null) => ({ id, action, undoes });

describe('reading undo off the log', () => {
  it('names the action of an operation, or the operation itself in older logs', () => {
    expect(actionOf(op('o2', 'o1'))).toBe('o1');
    expect(actionOf({ id: 'o3', action: '' })).toBe('o3');
    expect(actionOf({ id: 'o4' })).toBe('o4');
  });

  it('finds an undone action and the undo that reversed it', () => {
    const ops = [op('1', 'A'), op('2', 'A'), op('3', 'B'), op('4', 'U1', 'A')];
    expect(undoneBy(ops)).toEqual(new Map([['A', 'U1']]));
  });

  it('sees a redo (an undo of the undo) bring the action back', () => {
    const ops = [op('1', 'A'), op('2', 'U1', 'A'), op('3', 'U2', 'U1')];
    expect(undoneBy(ops)).toEqual(new Map([['U1', 'U2']]));
  });

  it('sees the action undone again after a redo', () => {
    const ops = [op('1', 'A'), op('2', 'U1', 'A'), op('3', 'U2', 'U1'), op('4', 'U3', 'U2')];
    // U3 undoes the redo U2: U1 stands again, so A is undone (by U1).
    expect(undoneBy(ops)).toEqual(new Map([['A', 'U1'], ['U2', 'U3']]));
  });

  it('counts nothing undone in a log without undos', () => {
    expect(undoneBy([op('1', 'A'), op('2', 'B')]).size).toBe(0);
  });
});

describe('naming actions', () => {
  it('says what the action was and to what', () => {
    expect(describeAction('merge', { link: false, name: '“Priya”' })).toBe('the merge of “Priya”');
    expect(describeAction('update', { link: false, name: '“Atlas”' })).toBe('the edit of “Atlas”');
    expect(describeAction('link', { link: true, name: '“A” → “B”' })).toBe('the new link “A” → “B”');
    expect(describeAction('unlink', { link: true, name: '“A” → “B”' })).toBe('the removal of the link “A” → “B”');
    expect(describeAction('update', { link: true, name: '“A” → “B”' })).toBe('the change to the link “A” → “B”');
    expect(describeAction('unlink', null)).toBe('the link removal');
    expect(describeAction('archive', null)).toBe('the archive');
    // A purged memory has no name left, and its links do not count as memories.
    expect(describeAction('purge', null, 4)).toBe('the purge');
  });

  it('counts the other memories of a bulk change', () => {
    const atlas = { link: false, name: '“Atlas”' };
    expect(describeAction('archive', atlas, 5)).toBe('the archive of “Atlas” and 4 more');
    expect(describeAction('forget', atlas, 2)).toBe('the forget of “Atlas” and 1 more');
    expect(describeAction('restore', atlas, 3)).toBe('the restore of “Atlas” and 2 more');
    expect(describeAction('pin', atlas, 3)).toBe('the pin of “Atlas” and 2 more');
    expect(describeAction('update', atlas, 12)).toBe('the edit of “Atlas” and 11 more');
    expect(describeAction('archive', null, 5)).toBe('the archive of 5 memories');
    // One operation is one memory: nothing added.
    expect(describeAction('archive', atlas, 1)).toBe('the archive of “Atlas”');
    expect(describeAction('archive', atlas)).toBe('the archive of “Atlas”');
  });

  it('does not count the operations of kinds that are not one memory each', () => {
    // A merge's other operations move links; an import adds entities and links with its memories.
    expect(describeAction('merge', { link: false, name: '“Priya”' }, 7)).toBe('the merge of “Priya”');
    expect(describeAction('add', { link: false, name: '“Notes”' }, 40)).toBe('the addition of “Notes”');
    expect(describeAction('link', { link: true, name: '“A” → “B”' }, 3)).toBe('the new link “A” → “B”');
    expect(describeAction('update', { link: true, name: '“A” → “B”' }, 3)).toBe('the change to the link “A” → “B”');
  });

  it('sums up an undo report', () => {
    expect(describeReport({ memories: ['a', 'b'], edges: 3 })).toBe('2 memories and 3 links changed');
    expect(describeReport({ memories: ['a'], edges: 0 })).toBe('1 memory changed');
    expect(describeReport({ memories: [], edges: 1 })).toBe('1 link changed');
    expect(describeReport({ memories: [], edges: 0 })).toBe('nothing left to change');
  });
});
