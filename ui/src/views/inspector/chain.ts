// The supersede chain through a memory, read off the graph: `supersedes` edges run from the
// newer memory to the older one. Pure over the graph.
import type { MemoryGraph } from '../../graph/types';

export interface Chain {
  /** The memories that replaced this one, nearest first. */
  newer: string[];
  /** The memories this one replaced, nearest first. */
  older: string[];
}

/** Longest chain walked each way: chains are short, and a cycle must not hang the inspector. */
const MAX = 50;

function walk(graph: MemoryGraph, id: string, dir: 'in' | 'out'): string[] {
  const out: string[] = [];
  const seen = new Set([id]);
  let at = id;
  while (out.length < MAX) {
    let next: string | null = null;
    const visit = (_edge: string, attrs: { kind: string }, source: string, target: string) => {
      if (next === null && attrs.kind === 'supersedes') {
        const other = dir === 'out' ? target : source;
        if (!seen.has(other)) next = other;
      }
    };
    if (dir === 'out') graph.forEachOutEdge(at, visit);
    else graph.forEachInEdge(at, visit);
    if (next === null) break;
    seen.add(next);
    out.push(next);
    at = next;
  }
  return out;
}

export function supersedeChain(graph: MemoryGraph, id: string): Chain {
  if (!graph.hasNode(id)) return { newer: [], older: [] };
  return { newer: walk(graph, id, 'in'), older: walk(graph, id, 'out') };
}
