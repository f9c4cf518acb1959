import { describe, expect, it } from 'vitest';
import type { ReviewItem } from './queue';
import { ACTIONS, actionsFor, keyCommand } from './triage';

const dup: ReviewItem = { section: 'duplicates', key: 'dup:a,b', group: { ids: ['a', 'b'], reason: 'r', score: 1 } };
const held: ReviewItem = { section: 'held', key: 'held:h', held: { id: 'h', written_by: 'agent:intern', reason: 'written by agent:intern, whose writes wait for review' } };
const link: ReviewItem = {
  section: 'links',
  key: 'link:e',
  link: {
    edge: {
      id: 'e', from: 'a', to: 'b', kind: 'similar', relation: 'similar', weight: 0.8, valid_from: null, valid_until: null,
      provenance: 'cosine 0.800', automatic: true, confirmed: false, created_at: '2026-01-01T00:00:00Z',
    },
    reason: 'r',
  },
};
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

  it('never offers two actions on one key, and leaves the moves and the app its keys', () => {
    for (const item of [held, dup, link, orphan, contradiction]) {
      const own = actionsFor(item).map((a) => ACTIONS[a].key);
      expect(new Set(own).size).toBe(own.length);
    }
    // Only "turn it away" shares its key, between a link and a held write.
    const all = Object.values(ACTIONS).map((a) => a.key);
    expect(all.filter((k) => k === 'x')).toHaveLength(2);
    expect(new Set(all).size).toBe(all.length - 1);
    // j/k/o move; n, r, t and q are the app's own single keys.
    for (const k of all) expect(['j', 'k', 'o', 'n', 'r', 't', 'q']).not.toContain(k);
    expect(actionsFor(contradiction)).toEqual(['supersede', 'supersedeBack', 'merge', 'keepBoth']);
  });

  it('approves a held write with y and turns it away with x, as x rejects a link', () => {
    expect(actionsFor(held)).toEqual(['approve', 'rejectHeld']);
    expect(keyCommand(key('y'), held)).toEqual({ action: 'approve' });
    expect(keyCommand(key('x'), held)).toEqual({ action: 'rejectHeld' });
    expect(keyCommand(key('x'), link)).toEqual({ action: 'reject' });
    expect(keyCommand(key('y'), link)).toBeNull();
    expect(keyCommand(key('a'), held)).toBeNull();
  });
});
