import { describe, expect, it } from 'vitest';
import type { ReviewItem } from './queue';
import { ACTIONS, actionsFor, keyCommand } from './triage';

const dup: ReviewItem = { section: 'duplicates', key: 'dup:a,b', group: { ids: ['a', 'b'], reason: 'r', score: 1 } };
const orphan: ReviewItem = { section: 'orphans', key: 'orphan:o', id: 'o' };
const contradiction: ReviewItem = {
  section: 'contradictions',
  key: 'con:a:b',
  contradiction: { a: 'a', b: 'b', difference: { kind: 'date', only_a: ['Tuesday'], only_b: ['Thursday'], reason: 'r' } },
};
const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('triage keys', () => {
  it('moves with j/k and the arrows', () => {
    expect(keyCommand(key('j'), dup)).toEqual({ move: 'next' });
    expect(keyCommand(key('ArrowDown'), null)).toEqual({ move: 'next' });
    expect(keyCommand(key('k'), dup)).toEqual({ move: 'previous' });
    expect(keyCommand(key('ArrowUp'), dup)).toEqual({ move: 'previous' });
    expect(keyCommand(key('Enter'), dup)).toEqual({ move: 'show' });
    expect(keyCommand(key('Enter'), null)).toBeNull();
  });

  it('runs only the actions the focused item offers', () => {
    expect(keyCommand(key('m'), dup)).toEqual({ action: 'merge' });
    expect(keyCommand(key('b'), dup)).toEqual({ action: 'keepBoth' });
    expect(keyCommand(key('c'), dup)).toBeNull();
    expect(keyCommand(key('a'), orphan)).toEqual({ action: 'archive' });
    expect(keyCommand(key('m'), orphan)).toBeNull();
    expect(keyCommand(key('s'), contradiction)).toEqual({ action: 'supersede' });
    expect(keyCommand(key('S'), contradiction)).toEqual({ action: 'supersedeBack' });
    expect(keyCommand(key('a'), null)).toBeNull();
  });

  it('leaves shortcuts with modifiers to the app (Ctrl+Z, Ctrl+K)', () => {
    expect(keyCommand(key('j', { ctrlKey: true }), dup)).toBeNull();
    expect(keyCommand(key('m', { metaKey: true }), dup)).toBeNull();
  });

  it('gives every action its own key', () => {
    const all = Object.values(ACTIONS).map((a) => a.key);
    expect(new Set(all).size).toBe(all.length);
    for (const k of all) expect(['j', 'k', 'o']).not.toContain(k);
    expect(actionsFor(contradiction)).toEqual(['supersede', 'supersedeBack', 'merge', 'keepBoth']);
  });
});
