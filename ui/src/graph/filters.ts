// Which memories the current filters and neighbourhood focus leave on the graph.
import type { Memory } from '../api/types';
import type { Filters } from '../state/ui';
import { effectiveTime } from '../api/types';
import type { MemoryGraph } from './types';

/** `null` when nothing is hidden, so the reducers can skip the lookup entirely. */
export type HiddenSet = ReadonlySet<string> | null;

export function filtersActive(f: Filters): boolean {
  return f.spaces.length > 0 || f.kinds.length > 0 || f.tag.trim() !== '' || f.time !== null || f.asOf !== null;
}

/** Whether a memory passes the filters (space, kind, tag prefix, time range, as-of). */
export function passes(m: Memory, f: Filters): boolean {
  if (f.spaces.length && !f.spaces.includes(m.space)) return false;
  if (f.kinds.length && !f.kinds.includes(m.kind)) return false;
  const tag = f.tag.trim().replace(/^#/, '').toLowerCase();
  if (tag && !m.tags.some((t) => t.toLowerCase().startsWith(tag))) return false;
  if (f.time) {
    const t = Date.parse(effectiveTime(m));
    if (t < f.time[0] || t > f.time[1]) return false;
  }
  if (f.asOf !== null) {
    // What was known and true at that instant, as the engine's "as of" view.
    if (Date.parse(m.created_at) > f.asOf) return false;
    if (m.valid_from && Date.parse(m.valid_from) > f.asOf) return false;
    if (m.valid_until && Date.parse(m.valid_until) <= f.asOf) return false;
  }
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
): HiddenSet {
  const active = filtersActive(filters);
  if (!active && !focus) return null;
  const keep = focus ? neighbourhood(graph, focus.id, focus.hops) : null;
  const hidden = new Set<string>();
  graph.forEachNode((id) => {
    if (keep && !keep.has(id)) hidden.add(id);
    else if (active) {
      const m = memories.get(id);
      if (m && !passes(m, filters)) hidden.add(id);
    }
  });
  return hidden;
}
