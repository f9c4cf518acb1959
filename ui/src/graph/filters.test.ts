import { describe, expect, it } from 'vitest';
import { NO_FILTERS, type Filters } from '../state/ui';
import { buildGraph } from './build';
import { applyDelta } from './deltas';
import { currentThen, edgeHoldsAt, hiddenEdgeSet, passes, trueAt, visibility } from './filters';
import { delta, edge, memory } from './testData';

const at = (iso: string) => Date.parse(iso);
const asOf = (iso: string): Filters => ({ ...NO_FILTERS, asOf: at(iso) });

// Lyon was the office until it moved to Paris on 1 March; Mnemo learned of the move on 5 March.
const lyon = memory('lyon', {
  kind: 'fact',
  text: 'The office is in Lyon',
  status: 'superseded',
  valid_until: '2024-03-01T00:00:00Z',
  created_at: '2024-01-10T00:00:00Z',
});
const paris = memory('paris', {
  kind: 'fact',
  text: 'The office is in Paris',
  valid_from: '2024-03-01T00:00:00Z',
  created_at: '2024-03-05T00:00:00Z',
});
// A meeting that happened on 20 February, written down a month later.
const meeting = memory('meeting', { kind: 'episode', occurred_at: '2024-02-20T10:00:00Z', created_at: '2024-03-20T00:00:00Z' });

describe('true at', () => {
  it('shows a superseded fact before its replacement and hides it after', () => {
    expect(passes(lyon, asOf('2024-02-15T00:00:00Z'))).toBe(true);
    expect(passes(paris, asOf('2024-02-15T00:00:00Z'))).toBe(false);
    expect(passes(lyon, asOf('2024-03-02T00:00:00Z'))).toBe(false);
    expect(passes(paris, asOf('2024-03-02T00:00:00Z'))).toBe(true);
  });

  it('holds a validity interval from inclusive to until exclusive, as the engine', () => {
    expect(trueAt(paris, at('2024-03-01T00:00:00Z'))).toBe(true);
    expect(trueAt(lyon, at('2024-03-01T00:00:00Z'))).toBe(false);
    expect(trueAt(lyon, at('2024-02-29T23:59:59Z'))).toBe(true);
  });

  it('counts a fact from when it became true, not from when Mnemo learned it', () => {
    // True from 1 March though recorded on 5 March: "true then" is not "known then".
    expect(trueAt(paris, at('2024-03-02T00:00:00Z'))).toBe(true);
  });

  it('counts a memory without validity from its event time, else from its creation', () => {
    expect(trueAt(meeting, at('2024-02-20T09:59:59Z'))).toBe(false);
    expect(trueAt(meeting, at('2024-02-21T00:00:00Z'))).toBe(true);
    const note = memory('note', { created_at: '2024-04-01T00:00:00Z' });
    expect(trueAt(note, at('2024-03-31T00:00:00Z'))).toBe(false);
    expect(trueAt(note, at('2024-04-01T00:00:00Z'))).toBe(true);
  });

  it('draws the superseded fact as current while it held, and only then', () => {
    const memories = new Map([lyon, paris].map((m) => [m.id, m]));
    expect(currentThen(memories, at('2024-02-15T00:00:00Z'))).toEqual(new Set(['lyon']));
    expect(currentThen(memories, at('2024-03-15T00:00:00Z'))).toBeNull();
    expect(currentThen(memories, null)).toBeNull();
  });
});

describe('held memories', () => {
  // Written by an agent under review; waits for the person, who must be able to find it in any view.
  const held = memory('held', { kind: 'fact', text: 'The deploy key rotates on Tuesdays', status: 'pending', space: 'work', tags: ['ops'], created_at: '2024-03-10T00:00:00Z' });

  it('pass the space, kind and tag filters as any other memory (the ring marks them held)', () => {
    expect(passes(held, { ...NO_FILTERS, spaces: ['work'], kinds: ['fact'], tag: 'op' })).toBe(true);
    expect(passes(held, { ...NO_FILTERS, spaces: ['home'] })).toBe(false);
  });

  it('follow the time rule, and are never drawn as the current statement of a past instant', () => {
    expect(passes(held, asOf('2024-03-01T00:00:00Z'))).toBe(false);
    expect(passes(held, asOf('2024-03-11T00:00:00Z'))).toBe(true);
    expect(currentThen(new Map([['held', held]]), at('2024-03-11T00:00:00Z'))).toBeNull();
  });
});

describe('links true at', () => {
  // The two worked together from January to the end of March.
  const ann = memory('ann', { kind: 'entity', created_at: '2023-01-01T00:00:00Z' });
  const bob = memory('bob', { kind: 'entity', created_at: '2023-01-01T00:00:00Z' });
  const worked = edge('worked', 'ann', 'bob', { valid_from: '2024-01-01T00:00:00Z', valid_until: '2024-04-01T00:00:00Z' });
  const knows = edge('knows', 'ann', 'bob');

  it('hides a link that ended, and one that had not begun, but not an unbounded one', () => {
    const { graph } = buildGraph({ memories: [ann, bob], edges: [worked, knows] });
    expect(hiddenEdgeSet(graph, at('2024-02-01T00:00:00Z'))).toBeNull();
    expect(hiddenEdgeSet(graph, at('2024-05-01T00:00:00Z'))).toEqual(new Set(['worked']));
    expect(hiddenEdgeSet(graph, at('2023-06-01T00:00:00Z'))).toEqual(new Set(['worked']));
    expect(hiddenEdgeSet(graph, null)).toBeNull();
  });

  it('reads bounds as graph expansion does: from inclusive, until exclusive, absent means always', () => {
    expect(edgeHoldsAt({ from: 10, until: 20 }, 10)).toBe(true);
    expect(edgeHoldsAt({ from: 10, until: 20 }, 20)).toBe(false);
    expect(edgeHoldsAt({}, -1e15)).toBe(true);
  });

  it('follows a link whose validity a delta closed', () => {
    const t = { ...buildGraph({ memories: [ann, bob], edges: [knows] }), pendingEdges: new Map(), seq: 1 };
    applyDelta(t, delta(2, [{ type: 'edge_upserted', edge: { ...knows, valid_until: '2024-02-01T00:00:00Z' } }]), {
      spaceCenter: () => ({ x: 0, y: 0 }),
      jitter: 1,
      random: () => 0.5,
    });
    expect(hiddenEdgeSet(t.graph, at('2024-03-01T00:00:00Z'))).toEqual(new Set(['knows']));
  });
});

describe('visibility', () => {
  it('hides what was not true as of, with the links that did not hold', () => {
    const supersedes = edge('sup', 'paris', 'lyon', { kind: 'supersedes' });
    const { graph, memories } = buildGraph({ memories: [lyon, paris, meeting], edges: [supersedes] });
    const before = visibility(graph, memories, asOf('2024-02-15T00:00:00Z'), null);
    expect(before.nodes).toEqual(new Set(['paris', 'meeting']));
    expect(before.currentThen).toEqual(new Set(['lyon']));
    const after = visibility(graph, memories, asOf('2024-03-25T00:00:00Z'), null);
    expect(after.nodes).toEqual(new Set(['lyon']));
    expect(after.currentThen).toBeNull();
    const now = visibility(graph, memories, NO_FILTERS, null);
    expect(now).toEqual({ nodes: null, edges: null, currentThen: null });
  });
});

describe('spaces on the explorer', () => {
  const work = memory('w', { space: 'work' });
  const old = memory('o', { space: 'old' });
  const archived = new Set(['old']);

  it('leaves out archived spaces’ memories unless their space is picked', () => {
    expect(passes(work, NO_FILTERS, archived)).toBe(true);
    expect(passes(old, NO_FILTERS, archived)).toBe(false);
    expect(passes(old, { ...NO_FILTERS, spaces: ['old'] }, archived)).toBe(true);
    expect(passes(work, { ...NO_FILTERS, spaces: ['old', 'work'] }, archived)).toBe(true);
    expect(passes(work, { ...NO_FILTERS, spaces: ['old'] }, archived)).toBe(false);
  });

  it('hides archived spaces’ memories with no other filter on', () => {
    const { graph, memories } = buildGraph({ memories: [work, old], edges: [] });
    expect(visibility(graph, memories, NO_FILTERS, null).nodes).toBeNull();
    expect([...(visibility(graph, memories, NO_FILTERS, null, archived).nodes ?? [])]).toEqual(['o']);
  });
});
