import type Graph from 'graphology';
import type { EdgeKind, MemoryKind } from '../api/types';

/**
 * What the graph keeps per node: only what drawing needs. Sigma copies these attributes for every
 * node on each refresh, so the full memory lives once, in the model's `memories` map, not here.
 */
export interface NodeAttrs {
  x: number;
  y: number;
  label: string;
  kind: MemoryKind;
  /** Importance, 0..1. */
  imp: number;
  /** Level of detail: the node is drawn when the zoom level allows this level (0 = always). */
  lod: number;
  /** Inactive memories (archived, superseded, forgotten) are drawn faded. */
  inactive: boolean;
  /** Held for review (`pending`): drawn in its kind's colour, faded, with an amber dashed ring. */
  held: boolean;
  pinned: boolean;
  // Filled in by the reducers for sigma; declared so that reducers can write them without casts.
  size?: number;
  color?: string;
  hidden?: boolean;
  highlighted?: boolean;
  forceLabel?: boolean;
  /** In the multi-selection: drawn with a ring, and a card where one fits. */
  picked?: boolean;
  type?: string;
  zIndex?: number;
}

export interface EdgeAttrs {
  kind: EdgeKind;
  /** Made by the linker and not yet confirmed: reviewable, drawn dashed-light. */
  auto: boolean;
  lod: number;
  /** When the link starts and stops holding (ms since the epoch; absent: unbounded), for "true as of". */
  from?: number;
  until?: number;
  size?: number;
  color?: string;
  hidden?: boolean;
  type?: string;
  zIndex?: number;
}

export type MemoryGraph = Graph<NodeAttrs, EdgeAttrs>;
