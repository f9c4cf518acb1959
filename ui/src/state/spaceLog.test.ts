import { describe, expect, it } from 'vitest';
import { spaceActionLabel, spaceActionOf, spaceChangeOf, spaceSentence } from './spaceLog';

const sp = (name: string, fields: Record<string, unknown> = {}) => ({ name, description: '', created_at: 'T', colour: '', archived: false, ...fields });
const spaceOp = (before: unknown, after: unknown) => ({ kind: 'space', target: ((before ?? after) as { name: string }).name, before, after });
const moveOp = (from: string, to: string) => ({ kind: 'update', target: 'm', space: to, before: { space: from }, after: { space: to } });

describe('space operations in words', () => {
  it('tells each kind of change apart', () => {
    expect(spaceSentence(spaceChangeOf(spaceOp(null, sp('atlas'))))).toBe('made space atlas');
    expect(spaceSentence(spaceChangeOf(spaceOp(sp('work'), sp('atlas'))))).toBe('renamed space work → atlas');
    expect(spaceSentence(spaceChangeOf(spaceOp(sp('old'), sp('old', { archived: true }))))).toBe('archived space old');
    expect(spaceSentence(spaceChangeOf(spaceOp(sp('old', { archived: true }), sp('old'))))).toBe('unarchived space old');
    expect(spaceSentence(spaceChangeOf(spaceOp(sp('old'), null)))).toBe('deleted space old');
    expect(spaceSentence(spaceChangeOf(spaceOp(sp('w'), sp('w', { description: 'Job' }))))).toBe('described space w');
    expect(spaceSentence(spaceChangeOf(spaceOp(sp('w'), sp('w', { colour: '#aa3366' }))))).toBe('recoloured space w');
  });

  it('reads a rename action with the memories that moved along', () => {
    const c = spaceActionOf([moveOp('work', 'atlas'), moveOp('work', 'atlas'), spaceOp(sp('work'), sp('atlas'))]);
    expect(c).toEqual({ type: 'rename', from: 'work', to: 'atlas', moved: 2 });
    expect(spaceActionLabel(c!)).toBe('the rename of space “work” → “atlas”');
  });

  it('reads a delete that made the space it moved the memories into as a delete', () => {
    const c = spaceActionOf([spaceOp(sp('work'), null), moveOp('work', 'later'), spaceOp(null, sp('later', { created_at: 'T9' }))]);
    expect(c).toEqual({ type: 'delete', name: 'work', movedTo: 'later', moved: 1, purged: 0 });
    expect(spaceSentence(c!)).toBe('deleted space work, its 1 memory moved to later');
    expect(spaceSentence(c!, (n) => `“${n}”`)).toBe('deleted space “work”, its 1 memory moved to “later”');
  });

  it('reads an undone rename, logged as the old name made again and the new one deleted, as a rename back', () => {
    const c = spaceActionOf([spaceOp(null, sp('work', { created_at: 'T1' })), spaceOp(sp('atlas', { created_at: 'T1' }), null), moveOp('atlas', 'work')]);
    expect(c).toEqual({ type: 'rename', from: 'atlas', to: 'work', moved: 1 });
  });

  it('reads a delete that purged the memories', () => {
    const c = spaceActionOf([{ kind: 'purge', target: 'a', before: null, after: null }, { kind: 'purge', target: 'b', before: null, after: null }, spaceOp(sp('x'), null)]);
    expect(spaceSentence(c!)).toBe('deleted space x, purging its 2 memories');
  });

  it('is null for an action without space operations', () => {
    expect(spaceActionOf([moveOp('a', 'b')])).toBeNull();
  });
});
