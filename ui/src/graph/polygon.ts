// Lasso geometry: which points a freehand outline encloses, in screen pixels. Pure.

export interface Point {
  x: number;
  y: number;
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Whether `p` lies inside the polygon (closed from its last vertex back to its first), by the
 * even-odd rule: a ray from `p` crosses the outline an odd number of times. A freehand lasso
 * may cross itself; even-odd leaves a loop drawn twice around a region out, as drawing tools do.
 * A point exactly on the outline may count either way.
 */
export function insidePolygon(p: Point, polygon: readonly Point[]): boolean {
  const n = polygon.length;
  if (n < 3) return false;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = polygon[i];
    const b = polygon[j];
    // The edge straddles the ray's height (half-open, so a vertex on the ray counts once), and
    // the crossing lies to the right of p.
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** The polygon's bounding box: a cheap first test before the exact one. */
export function boundsOf(polygon: readonly Point[]): Bounds {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of polygon) {
    if (p.x < minX) minX = p.x;
    if (p.x > maxX) maxX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.y > maxY) maxY = p.y;
  }
  return { minX, minY, maxX, maxY };
}

export function inBounds(p: Point, b: Bounds): boolean {
  return p.x >= b.minX && p.x <= b.maxX && p.y >= b.minY && p.y <= b.maxY;
}

/** The ids of the points inside the polygon, in the order given. */
export function enclosed<Id>(points: Iterable<readonly [Id, Point]>, polygon: readonly Point[]): Id[] {
  if (polygon.length < 3) return [];
  const b = boundsOf(polygon);
  const out: Id[] = [];
  for (const [id, p] of points) if (inBounds(p, b) && insidePolygon(p, polygon)) out.push(id);
  return out;
}

/** An SVG path of the outline, closed. */
export function pathOf(polygon: readonly Point[]): string {
  if (!polygon.length) return '';
  const r = (v: number) => Math.round(v * 10) / 10;
  return `M${polygon.map((p) => `${r(p.x)},${r(p.y)}`).join('L')}Z`;
}
