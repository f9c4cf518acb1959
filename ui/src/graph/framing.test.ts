import { describe, expect, it } from 'vitest';
import { MIN_PADDING, NODE_CLEARANCE, nodeSizeFloor, smallGraphSpan, stagePadding } from './framing';

// The stage of a 1440×900 window with the side panel closed, and the toolbar's bottom edge.
const stage = { width: 1440, height: 640, topInset: 48 };

describe('stage padding', () => {
  it('keeps a large graph clear of the toolbar, and no more', () => {
    expect(stagePadding({ ...stage, order: 5000 })).toBe(48 + NODE_CLEARANCE);
    expect(stagePadding({ ...stage, order: 200 })).toBe(48 + NODE_CLEARANCE);
  });

  it('never pads less than before, without a toolbar', () => {
    expect(stagePadding({ ...stage, topInset: 0, order: 5000 })).toBe(MIN_PADDING);
  });

  it('a toolbar that wraps to two rows pushes the graph further down', () => {
    expect(stagePadding({ ...stage, topInset: 90, order: 5000 })).toBe(90 + NODE_CLEARANCE);
  });

  it('draws a handful of memories together in the middle', () => {
    for (const order of [2, 3, 4, 5]) {
      const p = stagePadding({ ...stage, order });
      const drawn = stage.height - 2 * p;
      // The graph spans what it was given, far from the toolbar and the corners' controls.
      expect(Math.abs(drawn - smallGraphSpan(order))).toBeLessThanOrEqual(1);
      expect(p).toBeGreaterThan(48 + NODE_CLEARANCE + 50);
    }
  });

  it('spreads more memories wider, up to the whole stage', () => {
    const spans = [2, 3, 5, 8, 12, 20].map((order) => stage.height - 2 * stagePadding({ ...stage, order }));
    for (let i = 1; i < spans.length; i++) expect(spans[i]).toBeGreaterThanOrEqual(spans[i - 1]);
    expect(spans[spans.length - 1]).toBe(stage.height - 2 * (48 + NODE_CLEARANCE));
  });

  it('leaves something to draw in on a tiny stage', () => {
    const p = stagePadding({ width: 120, height: 100, topInset: 48, order: 3 });
    expect(100 - 2 * p).toBeGreaterThanOrEqual(40);
    expect(stagePadding({ width: 0, height: 0, topInset: 48, order: 3 })).toBe(0);
  });

  it('reads the narrower side of a tall stage', () => {
    const p = stagePadding({ width: 500, height: 900, topInset: 48, order: 3 });
    expect(500 - 2 * p).toBe(Math.round(smallGraphSpan(3)));
  });
});

describe('node size floor', () => {
  it('draws a handful of memories large enough to be labelled (sigma labels from 5 px)', () => {
    for (const order of [1, 2, 3, 5, 12]) expect(nodeSizeFloor(order)).toBeGreaterThanOrEqual(5);
  });

  it('fades as the graph grows, and leaves a large graph alone', () => {
    expect(nodeSizeFloor(3)).toBeGreaterThan(nodeSizeFloor(10));
    expect(nodeSizeFloor(27)).toBeLessThanOrEqual(2.5);
    expect(nodeSizeFloor(1000)).toBe(0);
  });
});
