// Which memories and links the current filters and neighbourhood focus leave on the graph.
import type { Memory } from '../api/types';
import type { Filters } from '../state/ui';
import { effectiveTime } from '../api/types';
import type { EdgeAttrs, MemoryGraph } from './types';
import { showsSpace } from '../state/spaceSelection';

/** `null` when nothing is hidden, so the reducers can skip the lookup entirely. */
export type HiddenSet = ReadonlySet<string> | null;

export function filtersActive(f: Filters): boolean {
  return f.spaces.length > 0 || f.kinds.length > 0 || f.tag.trim() !== '' || f.time !== null || f.asOf !== null;
}

const ms = (t: string | null): number | null => (t === null ? null : Date.parse(t));

/**
 * Whether a memory was true at `t` (ms), by the engine's rule (`Memory::true_at`): one with a
 * validity interval while it lasted (from inclusive, until exclusive), any other from its
 * effective time on (an event once it had happened). Status does not count: a superseded fact
 * was true until it was replaced.
 */
export function trueAt(m: Pick<Memory, 'valid_from' | 'valid_until' | 'occurred_at' | 'created_at'>, t: number): boolean {
  const from = ms(m.valid_from);
  const until = ms(m.valid_until);
  if (from === null && until === null) return Date.parse(effectiveTime(m)) <= t;
  return (from === null || from <= t) && (until === null || t < until);
}

/** Whether a link held at `t` (ms), as graph expansion reads it: no bound means always. */
export function edgeHoldsAt(e: Pick<EdgeAttrs, 'from' | 'until'>, t: number): boolean {
  return (e.from === undefined || e.from <= t) && (e.until === undefined || t < e.until);
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Whether a memory passes the filters (space, kind, tag prefix, time range, true as of). With no
 * space picked, memories of `archived` spaces are left out: they show only when their space is.
 */
export function passes(m: Memory, f: Filters, archived: ReadonlySet<string> = NONE): boolean {
  if (!showsSpace(m.space, f.spaces, archived)) return false;
  if (f.kinds.length && !f.kinds.includes(m.kind)) return false;
  const tag = f.tag.trim().replace(/^#/, '').toLowerCase();
  if (tag && !m.tags.some((t) => t.toLowerCase().startsWith(tag))) return false;
  if (f.time) {
    const t = Date.parse(effectiveTime(m));
    if (t < f.time[0] || t > f.time[1]) return false;
  }
  if (f.asOf !== null && !trueAt(m, f.asOf)) return false;
  return true;
}

/** Nodes within `hops` links of `id`, ignoring direction. */
export function neighbourhood(graph: MemoryGraph, id: string, hops: number): Set<string> {
  const seen = new Set<string>([id]);
  if (!graph.hasNode(id)) return seen;
  let frontier = [id];
  for (let h = 0; h < hops && frontier.length; h++) {
    const next: string[] = [];
    for (const u of frontier) {
      graph.forEachNeighbor(u, (v) => {
        if (!seen.has(v)) {
          seen.add(v);
          next.push(v);
        }
      });
    }
    frontier = next;
  }
  return seen;
}

export function hiddenSet(
  graph: MemoryGraph,
  memories: Map<string, Memory>,
  filters: Filters,
  focus: { id: string; hops: number } | null,
  archived: ReadonlySet<string> = NONE,
): HiddenSet {
  const active = filtersActive(filters) || archived.size > 0;
  if (!active && !focus) return null;
  const keep = focus ? neighbourhood(graph, focus.id, focus.hops) : null;
  const hidden = new Set<string>();
  graph.forEachNode((id) => {
    if (keep && !keep.has(id)) hidden.add(id);
    else if (active) {
      const m = memories.get(id);
      if (m && !passes(m, filters, archived)) hidden.add(id);
    }
  });
  return hidden;
}

/**
 * Links hidden by their own validity at the "true as of" instant (those whose endpoints are
 * hidden are culled anyway). Only links with bounds are looked at; null when none is hidden.
 */
export function hiddenEdgeSet(graph: MemoryGraph, asOf: number | null): HiddenSet {
  if (asOf === null) return null;
  const hidden = new Set<string>();
  graph.forEachEdge((id, a) => {
    if ((a.from !== undefined || a.until !== undefined) && !edgeHoldsAt(a, asOf)) hidden.add(id);
  });
  return hidden.size ? hidden : null;
}

/**
 * Superseded memories that were still true at the "true as of" instant: then they were the
 * current statement, so they are drawn as active ones, not faded. Null without an as-of.
 */
export function currentThen(memories: Map<string, Memory>, asOf: number | null): HiddenSet {
  if (asOf === null) return null;
  const out = new Set<string>();
  for (const m of memories.values()) if (m.status === 'superseded' && trueAt(m, asOf)) out.add(m.id);
  return out.size ? out : null;
}

/** What the reducers need from the filters: hidden memories and links, and memories current then. */
export interface Visibility {
  nodes: HiddenSet;
  edges: HiddenSet;
  currentThen: HiddenSet;
}

export function visibility(
  graph: MemoryGraph,
  memories: Map<string, Memory>,
  filters: Filters,
  focus: { id: string; hops: number } | null,
  archived: ReadonlySet<string> = NONE,
): Visibility {
  return {
    nodes: hiddenSet(graph, memories, filters, focus, archived),
    edges: hiddenEdgeSet(graph, filters.asOf),
    currentThen: currentThen(memories, filters.asOf),
  };
}
