// How far from the stage's edges the graph is drawn when the camera shows all of it (sigma's
// `stagePadding`, in px). Sigma stretches any graph to fill the stage: three memories land in
// its corners, under the toolbar and beside the zoom buttons. So the padding keeps every node
// clear of the toolbar over the stage's top, and a handful of memories get much more of it, so
// that they sit together in the middle at a readable distance.

/** The least padding: no graph touches the stage's edge. */
export const MIN_PADDING = 40;
/** Room for a node's radius (about 16 px at most, 21 when picked) beyond what covers the stage. */
export const NODE_CLEARANCE = 24;
/** What a tiny stage keeps for the graph whatever the padding asks. */
const MIN_DRAWN = 40;

/** The span (px) a graph of `order` memories is given at most: ~220 for two, ~380 for five. */
export function smallGraphSpan(order: number): number {
  return 60 + 160 * Math.sqrt(Math.max(0, order - 1));
}

export interface StageFrame {
  /** Nodes in the graph (sigma frames all of them, hidden ones included). */
  order: number;
  width: number;
  height: number;
  /** How far down from the stage's top the floating toolbar reaches (px). */
  topInset: number;
}

export function stagePadding({ order, width, height, topInset }: StageFrame): number {
  const side = Math.min(width, height);
  const clear = Math.max(MIN_PADDING, topInset + NODE_CLEARANCE);
  // Sigma fits the graph's longer side into (side - 2 × padding): the rest is padding.
  const small = (side - smallGraphSpan(order)) / 2;
  const most = Math.max(0, (side - MIN_DRAWN) / 2);
  return Math.round(Math.min(Math.max(clear, small), most));
}

/**
 * The least radius (px at zoom 1) of a node in a graph of `order` memories. A memory without
 * links is drawn 2.5 px, below the size sigma labels (5): alone in a near-empty store it would
 * be an unnamed speck. The floor fades as the graph grows and is gone by about 27 nodes.
 */
export function nodeSizeFloor(order: number): number {
  return Math.max(0, 7 - order / 6);
}
