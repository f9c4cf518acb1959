import { describe, expect, it } from 'vitest';
import type { RetrievalTrace, Signals, TraceCandidate, TraceStage } from '../api/types';
import { NO_SIGNALS } from '../lab/testData';
import { comparePaths, pathOverlay, roleOf } from './pathOverlay';

const signals: Signals = NO_SIGNALS;

const cand = (id: string, rank: number, channels: TraceCandidate['channels']): TraceCandidate => ({
  id,
  rank,
  previous_rank: null,
  score: 1 / rank,
  channels,
  signals,
});

const stage = (kind: TraceStage['kind'], candidates: TraceCandidate[]): TraceStage => ({
  kind,
  duration_ms: 1,
  candidates,
  dropped: [],
  note: '',
});

function trace(over: Partial<RetrievalTrace> = {}): Pick<RetrievalTrace, 'id' | 'stages' | 'results' | 'paths' | 'config'> {
  return {
    id: 't1',
    config: { seeds: 2 } as RetrievalTrace['config'],
    stages: [
      stage('fusion', [cand('s2', 2, ['keyword']), cand('s1', 1, ['vector']), cand('x', 3, ['vector'])]),
      stage('expansion', []),
    ],
    // Results deliberately out of order: the overlay sorts by rank.
    results: [cand('r2', 2, ['graph']), cand('s1', 1, ['vector', 'keyword']), cand('r3', 3, ['graph'])],
    paths: {
      r2: [
        { from: 's1', to: 'h', edge_id: 'e1', kind: 'mentions', relation: 'mentions' },
        { from: 'h', to: 'r2', edge_id: 'e2', kind: 'mentions', relation: 'mentions' },
      ],
      r3: [{ from: 's2', to: 'r3', edge_id: 'e3', kind: 'next', relation: 'next' }],
    },
    ...over,
  };
}

describe('pathOverlay', () => {
  it('separates seeds, hops and results', () => {
    const o = pathOverlay(trace());
    expect(o.results).toEqual(['s1', 'r2', 'r3']);
    expect([...o.seeds].sort()).toEqual(['s1', 's2']);
    expect([...o.hops]).toEqual(['h']);
    expect([...o.edges].sort()).toEqual(['e1', 'e2', 'e3']);
    expect([...o.expanded].sort()).toEqual(['r2', 'r3']);
    expect([...o.nodes].sort()).toEqual(['h', 'r2', 'r3', 's1', 's2']);
    // The fusion candidate beyond `config.seeds` is not a seed.
    expect(o.nodes.has('x')).toBe(false);
  });

  it('orders steps by result rank, then from seed to result', () => {
    const o = pathOverlay(trace());
    expect(o.steps.map((s) => `${s.result}:${s.hop}:${s.from}>${s.to}`)).toEqual(['r2:1:s1>h', 'r2:2:h>r2', 'r3:1:s2>r3']);
  });

  it('gives a seed that is also a result the result role', () => {
    const o = pathOverlay(trace());
    expect(roleOf(o, 's1')).toBe('result');
    expect(roleOf(o, 's2')).toBe('seed');
    expect(roleOf(o, 'h')).toBe('hop');
    expect(roleOf(o, 'x')).toBeNull();
  });

  it('has no seeds when expansion did not run, and no hops without paths', () => {
    const o = pathOverlay(
      trace({
        stages: [stage('fusion', [cand('a', 1, ['vector'])])],
        results: [cand('a', 1, ['vector'])],
        paths: {},
      }),
    );
    expect(o.seeds.size).toBe(0);
    expect(o.hops.size).toBe(0);
    expect(o.edges.size).toBe(0);
    expect([...o.nodes]).toEqual(['a']);
  });

  it('takes a path start as a seed even without a fusion stage', () => {
    const o = pathOverlay(trace({ stages: [] }));
    expect([...o.seeds].sort()).toEqual(['s1', 's2']);
  });
});

describe('comparePaths', () => {
  it('draws a replay beside its original, each edge and result with its side', () => {
    const original = trace();
    // The replay lost r3 (and its path e3) and found n through a new edge from s1.
    const replay = trace({
      id: 't2',
      results: [cand('s1', 1, ['vector']), cand('n', 2, ['graph']), cand('r2', 3, ['graph'])],
      paths: {
        n: [{ from: 's1', to: 'n', edge_id: 'e9', kind: 'similar', relation: 'similar' }],
        r2: original.paths.r2,
      },
    });
    const o = comparePaths(original, replay);
    expect(o.results).toEqual(['s1', 'n', 'r2', 'r3']);
    expect([...o.edges].sort()).toEqual(['e1', 'e2', 'e3', 'e9']);
    expect(Object.fromEntries(o.compare!.edges)).toEqual({ e1: 'both', e2: 'both', e3: 'original', e9: 'replay' });
    expect(Object.fromEntries(o.compare!.results)).toEqual({ s1: 'both', r2: 'both', r3: 'original', n: 'replay' });
    expect([...o.hops]).toEqual(['h']);
    expect(roleOf(o, 'n')).toBe('result');
    expect(o.steps.map((s) => s.edgeId)).toEqual(['e9', 'e1', 'e2', 'e3']);
    expect(pathOverlay(original).compare).toBeUndefined();
  });
});
