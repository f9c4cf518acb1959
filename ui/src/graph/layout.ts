// The first layout: computed at once, in O(n + m), so the graph can be drawn before any force
// layout has run. Deterministic (no randomness), so the same memory always opens the same way.
//
// Each connected component is laid out as a tree grown from its best-connected node by breadth-first
// search: every child sits on a sunflower spiral around its parent, so neighbourhoods stay together
// and hubs get a halo of what mentions them. Components are then packed on a spiral, largest first.

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** Undirected adjacency in compressed-sparse-row form, built from edge endpoint indices. */
export function adjacency(n: number, sources: Uint32Array, targets: Uint32Array): { offsets: Uint32Array; list: Uint32Array } {
  const offsets = new Uint32Array(n + 1);
  const m = sources.length;
  for (let i = 0; i < m; i++) {
    offsets[sources[i] + 1]++;
    offsets[targets[i] + 1]++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, n);
  const list = new Uint32Array(offsets[n]);
  for (let i = 0; i < m; i++) {
    list[fill[sources[i]]++] = targets[i];
    list[fill[targets[i]]++] = sources[i];
  }
  return { offsets, list };
}

/** Node indices ordered by degree, highest first (ties by index), without a comparator per pair. */
function byDegreeDesc(offsets: Uint32Array, n: number): Uint32Array {
  let maxDeg = 0;
  for (let i = 0; i < n; i++) maxDeg = Math.max(maxDeg, offsets[i + 1] - offsets[i]);
  // Counting sort: linear, and stable so ties keep index order.
  const counts = new Uint32Array(maxDeg + 2);
  for (let i = 0; i < n; i++) counts[maxDeg - (offsets[i + 1] - offsets[i]) + 1]++;
  for (let d = 0; d <= maxDeg; d++) counts[d + 1] += counts[d];
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[counts[maxDeg - (offsets[i + 1] - offsets[i])]++] = i;
  return out;
}

export interface InitialLayout {
  /** x of node i at 2i, y at 2i + 1. */
  xy: Float32Array;
  /** Component id of each node; components are numbered largest first. */
  component: Uint32Array;
  componentCount: number;
}

/** Seeded placement for `n` nodes connected by the given edges (indices into 0..n-1). */
export function initialLayout(n: number, sources: Uint32Array, targets: Uint32Array): InitialLayout {
  const { offsets, list } = adjacency(n, sources, targets);
  const order = byDegreeDesc(offsets, n);
  const xy = new Float32Array(n * 2);
  const component = new Uint32Array(n).fill(0xffffffff);
  const childCount = new Uint32Array(n);
  const heading = new Float32Array(n); // direction from parent, so subtrees grow outward
  const queue = new Uint32Array(n);

  // Per component: first and last index in `queue` (BFS order), and its radius.
  const compStart: number[] = [];
  const compEnd: number[] = [];
  let head = 0;
  let tail = 0;
  for (let k = 0; k < n; k++) {
    const root = order[k];
    if (component[root] !== 0xffffffff) continue;
    const c = compStart.length;
    compStart.push(tail);
    component[root] = c;
    xy[root * 2] = 0;
    xy[root * 2 + 1] = 0;
    queue[tail++] = root;
    while (head < tail) {
      const u = queue[head++];
      const ux = xy[u * 2];
      const uy = xy[u * 2 + 1];
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const v = list[p];
        if (component[v] !== 0xffffffff) continue;
        component[v] = c;
        const j = childCount[u]++;
        // Sunflower around the parent, turned towards where the parent points, so that a subtree
        // fans out away from the rest of the tree.
        const angle = heading[u] + j * GOLDEN_ANGLE;
        const r = 1 + Math.sqrt(j) * 0.9;
        xy[v * 2] = ux + Math.cos(angle) * r;
        xy[v * 2 + 1] = uy + Math.sin(angle) * r;
        heading[v] = angle;
        queue[tail++] = v;
      }
    }
    compEnd.push(tail);
  }

  // Centre each component on its centroid and measure it.
  const count = compStart.length;
  const radius = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    let cx = 0;
    let cy = 0;
    for (let q = compStart[c]; q < compEnd[c]; q++) {
      const u = queue[q];
      cx += xy[u * 2];
      cy += xy[u * 2 + 1];
    }
    const size = compEnd[c] - compStart[c];
    cx /= size;
    cy /= size;
    let r = 0;
    for (let q = compStart[c]; q < compEnd[c]; q++) {
      const u = queue[q];
      xy[u * 2] -= cx;
      xy[u * 2 + 1] -= cy;
      r = Math.max(r, Math.hypot(xy[u * 2], xy[u * 2 + 1]));
    }
    radius[c] = r + 1;
  }

  // Components were found from the highest degree down, which roughly orders them by size; sort by
  // size to be sure, then pack them on a spiral that grows with the area already used.
  const ids = Array.from({ length: count }, (_, c) => c);
  ids.sort((a, b) => compEnd[b] - compStart[b] - (compEnd[a] - compStart[a]) || a - b);
  const renumber = new Uint32Array(count);
  let area = 0;
  ids.forEach((c, rank) => {
    renumber[c] = rank;
    const r = radius[c];
    let ox = 0;
    let oy = 0;
    if (rank > 0) {
      const d = Math.sqrt(area / Math.PI) * 1.15 + r;
      const a = rank * GOLDEN_ANGLE;
      ox = Math.cos(a) * d;
      oy = Math.sin(a) * d;
    }
    area += Math.PI * r * r;
    for (let q = compStart[c]; q < compEnd[c]; q++) {
      const u = queue[q];
      xy[u * 2] += ox;
      xy[u * 2 + 1] += oy;
    }
  });
  for (let i = 0; i < n; i++) component[i] = renumber[component[i]];
  return { xy, component, componentCount: count };
}
