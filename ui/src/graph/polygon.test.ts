import { describe, expect, it } from 'vitest';
import { boundsOf, enclosed, insidePolygon, pathOf, type Point } from './polygon';

const pts = (...xy: number[]): Point[] => {
  const out: Point[] = [];
  for (let i = 0; i < xy.length; i += 2) out.push({ x: xy[i], y: xy[i + 1] });
  return out;
};

describe('insidePolygon', () => {
  const square = pts(0, 0, 10, 0, 10, 10, 0, 10);

  it('tells points inside a square from points outside', () => {
    expect(insidePolygon({ x: 5, y: 5 }, square)).toBe(true);
    expect(insidePolygon({ x: 0.1, y: 9.9 }, square)).toBe(true);
    expect(insidePolygon({ x: -1, y: 5 }, square)).toBe(false);
    expect(insidePolygon({ x: 11, y: 5 }, square)).toBe(false);
    expect(insidePolygon({ x: 5, y: -0.1 }, square)).toBe(false);
    expect(insidePolygon({ x: 5, y: 10.1 }, square)).toBe(false);
  });

  it('does not depend on the direction the outline was drawn in', () => {
    const reversed = [...square].reverse();
    for (const p of pts(5, 5, 1, 1, -1, 5, 12, 12)) expect(insidePolygon(p, reversed)).toBe(insidePolygon(p, square));
  });

  it('follows a concave outline: the notch of a U is outside', () => {
    // A U: two arms from y=0 to 10, joined at the bottom (y from 8 to 10).
    const u = pts(0, 0, 3, 0, 3, 8, 7, 8, 7, 0, 10, 0, 10, 10, 0, 10);
    expect(insidePolygon({ x: 1.5, y: 4 }, u)).toBe(true); // left arm
    expect(insidePolygon({ x: 8.5, y: 4 }, u)).toBe(true); // right arm
    expect(insidePolygon({ x: 5, y: 9 }, u)).toBe(true); // the base
    expect(insidePolygon({ x: 5, y: 4 }, u)).toBe(false); // the notch
  });

  it('counts a ray through a vertex once', () => {
    // A diamond whose left and right vertices lie on y = 5: rays along that row pass through them.
    const diamond = pts(5, 0, 10, 5, 5, 10, 0, 5);
    expect(insidePolygon({ x: 5, y: 5 }, diamond)).toBe(true);
    expect(insidePolygon({ x: 2, y: 5 }, diamond)).toBe(true);
    expect(insidePolygon({ x: -2, y: 5 }, diamond)).toBe(false);
    expect(insidePolygon({ x: 12, y: 5 }, diamond)).toBe(false);
  });

  it('leaves out the twice-wound middle of a self-crossing figure eight', () => {
    // A bow tie: two triangles meeting at (5, 5).
    const bowtie = pts(0, 0, 10, 10, 10, 0, 0, 10);
    expect(insidePolygon({ x: 1, y: 5 }, bowtie)).toBe(true);
    expect(insidePolygon({ x: 9, y: 5 }, bowtie)).toBe(true);
    expect(insidePolygon({ x: 5, y: 1 }, bowtie)).toBe(false);
  });

  it('encloses nothing with fewer than three vertices', () => {
    expect(insidePolygon({ x: 0, y: 0 }, [])).toBe(false);
    expect(insidePolygon({ x: 1, y: 0 }, pts(0, 0, 2, 0))).toBe(false);
  });
});

describe('enclosed', () => {
  it('returns the ids of the points inside, in order', () => {
    const triangle = pts(0, 0, 100, 0, 0, 100);
    const points: [string, Point][] = [
      ['a', { x: 10, y: 10 }],
      ['far', { x: 500, y: 500 }],
      ['b', { x: 40, y: 40 }],
      ['over-the-hypotenuse', { x: 60, y: 60 }],
    ];
    expect(enclosed(points, triangle)).toEqual(['a', 'b']);
    expect(enclosed(points, triangle.slice(0, 2))).toEqual([]);
  });
});

describe('outline helpers', () => {
  it('bounds and draws the outline', () => {
    expect(boundsOf(pts(3, 4, -1, 9, 7, 2))).toEqual({ minX: -1, minY: 2, maxX: 7, maxY: 9 });
    expect(pathOf(pts(0, 0, 10.04, 0, 5, 8.66))).toBe('M0,0L10,0L5,8.7Z');
    expect(pathOf([])).toBe('');
  });
});
