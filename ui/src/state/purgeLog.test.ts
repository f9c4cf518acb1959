import { describe, expect, it } from 'vitest';
import { entryState, isPurgeConflict, permanentActions, purgedMemories, purgeNote } from './purgeLog';

const op = (id: string, kind: string, before: unknown, after: unknown, action?: string) => ({ id, kind: kind as 'add', before, after, action });
const memory = { id: 'm1', kind: 'note', title: 'Kestrel', text: 'kestrel nests' };

describe('what a purge leaves in the log', () => {
  it('reads the note that replaces a memory or a link', () => {
    expect(purgeNote({ purged: true, by: 'user', at: '2026-03-01T00:00:00Z' })).toEqual({ by: 'user', at: '2026-03-01T00:00:00Z' });
    expect(purgeNote({ purged: true, by: 'user' })).toEqual({ by: 'user', at: null });
    expect(purgeNote(memory)).toBeNull();
    expect(purgeNote({ purged: false })).toBeNull();
    expect(purgeNote(null)).toBeNull();
    expect(purgeNote([{ purged: true }])).toBeNull();
  });

  it('tells the purge, the entries it redacted and the rest apart', () => {
    expect(entryState(op('1', 'purge', null, { purged: true, by: 'user' }))).toBe('purge');
    expect(entryState(op('2', 'add', null, { purged: true, by: 'mnemo', at: '2026-03-01T00:00:00Z' }))).toBe('redacted');
    expect(entryState(op('3', 'unlink', null, { purged: true, by: 'user' }))).toBe('redacted');
    expect(entryState(op('4', 'add', null, { memory, edges: [] }))).toBe('plain');
    expect(entryState(op('5', 'update', memory, { ...memory, purged: true }))).toBe('plain');
  });

  it('makes permanent every action holding a purge or a redacted entry', () => {
    const ops = [
      op('u1', 'unlink', null, { purged: true, by: 'user' }, 'u1'),
      op('p1', 'purge', null, { purged: true, by: 'user' }, 'u1'),
      op('p2', 'purge', null, { purged: true, by: 'user' }, 'u1'),
      op('a1', 'add', null, { purged: true, by: 'mnemo', at: 'x' }, 'a1'),
      op('e1', 'update', memory, memory, 'e1'),
      op('old', 'forget', null, { purged: true, by: 'mnemo' }),
    ];
    expect([...permanentActions(ops)].sort()).toEqual(['a1', 'old', 'u1']);
    expect(purgedMemories(ops)).toEqual(new Map([['u1', 2]]));
  });

  it('knows an undo refused because of a purge from one that may be forced', () => {
    expect(isPurgeConflict({ code: 'conflict', message: '0190ab was purged: nothing of it is left to bring back' })).toBe(true);
    expect(isPurgeConflict({ code: 'conflict', message: 'the memory changed since' })).toBe(false);
    expect(isPurgeConflict({ code: 'not_found', message: 'x was purged' })).toBe(false);
    expect(isPurgeConflict(null)).toBe(false);
  });
});
