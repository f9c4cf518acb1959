// Positions for a graph of the past: every memory where the live graph draws it, so that moving
// between now and then changes what is shown, never where it is.
import type { MemoryGraph } from './types';

/**
 * Moves `graph`'s nodes to where `reference` has them. A node the reference lacks (known then,
 * purged since) goes to the mean of its placed neighbours, else to the reference's centre, a
 * little apart (a deterministic spiral, so that several do not land on one point).
 */
export function placeLike(graph: MemoryGraph, reference: MemoryGraph): void {
  const missing: string[] = [];
  graph.forEachNode((id) => {
    if (reference.hasNode(id)) {
      const r = reference.getNodeAttributes(id);
      graph.mergeNodeAttributes(id, { x: r.x, y: r.y });
    } else missing.push(id);
  });
  if (!missing.length) return;
  let cx = 0, cy = 0, n = 0;
  let minX = Infinity, maxX = -Infinity;
  reference.forEachNode((_, a) => {
    cx += a.x;
    cy += a.y;
    n++;
    if (a.x < minX) minX = a.x;
    if (a.x > maxX) maxX = a.x;
  });
  const centre = n ? { x: cx / n, y: cy / n } : { x: 0, y: 0 };
  const step = n > 1 ? (maxX - minX) / (2 * Math.sqrt(n) + 4) : 1;
  const placed = new Set<string>();
  missing.forEach((id, i) => {
    let sx = 0, sy = 0, k = 0;
    graph.forEachNeighbor(id, (nb, a) => {
      if (reference.hasNode(nb) || placed.has(nb)) {
        sx += a.x;
        sy += a.y;
        k++;
      }
    });
    const base = k ? { x: sx / k, y: sy / k } : centre;
    const angle = i * 2.39996; // the golden angle: points spread evenly around the base
    const r = step * (0.6 + 0.15 * Math.sqrt(i));
    graph.mergeNodeAttributes(id, { x: base.x + Math.cos(angle) * r, y: base.y + Math.sin(angle) * r });
    placed.add(id);
  });
}
