import { describe, expect, it } from 'vitest';
import { CONFIG_BOUNDS, EDGE_KINDS } from '../api/types';
import { allPaths, boundsOf, changedPaths, CONFIG_FIELDS, configErrors, edgeWeightKeys, getAt, nameError, setAt, valueError } from './configFields';
import { STANDARD } from './testData';

/** Every leaf path of an object, dotted. */
function leaves(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('config fields', () => {
  it('cover every field of a configuration, edge kinds included', () => {
    const shown = new Set(allPaths(STANDARD));
    for (const p of leaves(STANDARD)) expect(shown.has(p), p).toBe(true);
  });

  it('give every bounded field its bounds, and every field a meaning', () => {
    for (const [path] of CONFIG_BOUNDS) {
      if (path.endsWith('.*')) continue;
      expect(CONFIG_FIELDS.some((f) => f.path === path), path).toBe(true);
    }
    for (const f of CONFIG_FIELDS) expect(f.meaning.length, f.path).toBeGreaterThan(10);
    expect(boundsOf('expansion.hops')).toEqual({ min: 0, max: 4 });
    expect(boundsOf('expansion.edge_weights.mentions')).toEqual({ min: 0, max: 10 });
    expect(boundsOf('fusion')).toBeNull();
  });

  it('read and write by path without touching the original', () => {
    expect(getAt(STANDARD, 'rerank.graph')).toBe(0.3);
    expect(getAt(STANDARD, 'expansion.edge_weights.similar')).toBe(0.7);
    const c = setAt(setAt(STANDARD, 'rerank.graph', 0.9), 'expansion.edge_weights.similar', 0);
    expect(c.rerank.graph).toBe(0.9);
    expect(c.rerank.relevance).toBe(1);
    expect(c.expansion.edge_weights.similar).toBe(0);
    expect(c.expansion.edge_weights.next).toBe(0.6);
    expect(STANDARD.rerank.graph).toBe(0.3);
    expect(STANDARD.expansion.edge_weights.similar).toBe(0.7);
    expect(changedPaths(STANDARD, c).sort()).toEqual(['expansion.edge_weights.similar', 'rerank.graph']);
  });

  it('offer the built-in edge kinds first, then custom labels', () => {
    const c = setAt(STANDARD, 'expansion.edge_weights.cites', 0.4);
    expect(edgeWeightKeys(c)).toEqual([...EDGE_KINDS, 'cites']);
    expect(getAt(c, 'expansion.edge_weights.cites')).toBe(0.4);
  });

  it('check values as the server does', () => {
    expect(valueError('expansion.hops', 5)).toBe('must be within 0…4');
    expect(valueError('expansion.hops', 1.5)).toBe('must be a whole number');
    expect(valueError('rerank.recency', -2.5)).toBeNull();
    expect(valueError('expansion.restart', 0)).toBe('must be within 0.01…1');
    expect(valueError('vector_weight', Number.NaN)).toBe('must be a number');
    expect(configErrors(STANDARD)).toEqual([]);
    expect(configErrors(setAt(STANDARD, 'seeds', 101))).toEqual([{ path: 'seeds', message: 'must be within 0…100' }]);
  });

  it('refuse reserved and taken names', () => {
    expect(nameError('  ', [])).toBe('Give it a name');
    expect(nameError('standard', [])).toMatch(/built-in/);
    expect(nameError('custom', [])).toMatch(/custom/);
    expect(nameError('graphy', ['graphy'])).toMatch(/exists/);
    expect(nameError('graphy', ['graphy'], 'graphy')).toBeNull();
    expect(nameError('graph-heavy', ['standard'])).toBeNull();
  });
});
