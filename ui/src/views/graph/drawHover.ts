// The hover card drawn on the canvas next to a node: sigma's default is a white box, which does not
// follow the dark theme, so this one takes its colours from the palette. Memories picked together
// (shift-click, lasso) get a ring in the accent colour, and a card where one fits without covering
// another: a lasso around a cluster would otherwise stack its cards into an unreadable pile. A
// held memory keeps its dashed amber ring outside the halo.
import type { NodeHoverDrawingFunction } from 'sigma/rendering';
import type { Palette } from '../../graph/palette';
import type { EdgeAttrs, NodeAttrs } from '../../graph/types';

/** Beyond this many cards in one pass, picked memories show their ring only (each card is measured). */
const MAX_PICKED_CARDS = 60;

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

export function makeHoverDrawer(palette: () => Palette): NodeHoverDrawingFunction<NodeAttrs, EdgeAttrs> {
  // The cards drawn in the current pass. Sigma draws every highlighted node in one synchronous
  // loop, so a microtask queued by the first draw runs after the last: that ends the pass.
  let cards: Rect[] = [];
  let passOpen = false;
  const startPass = () => {
    if (passOpen) return;
    passOpen = true;
    queueMicrotask(() => {
      cards = [];
      passOpen = false;
    });
  };

  return (ctx, data, settings) => {
    startPass();
    const p = palette();
    const size = settings.labelSize;
    const font = settings.labelFont;
    ctx.font = `600 ${size}px ${font}`;
    const padX = 6;
    const h = size + 8;
    const x = data.x + data.size + 4;
    const y = data.y - h / 2;
    // The hovered and the selected memory always get their card; a picked one only where it fits.
    let label = data.label ?? '';
    if (label && !data.forceLabel) {
      const fits = data.picked && cards.length < MAX_PICKED_CARDS;
      const rect = fits ? { x: x - 2, y, w: ctx.measureText(label).width + padX * 2, h } : null;
      if (!rect || cards.some((c) => overlaps(c, rect))) label = '';
    }
    const w = label ? ctx.measureText(label).width + padX * 2 : 0;
    if (label) cards.push({ x: x - 2, y, w, h });
    ctx.save();
    ctx.shadowColor = p.hoverShadow;
    ctx.shadowBlur = 8;
    ctx.fillStyle = p.hoverBg;
    ctx.beginPath();
    ctx.arc(data.x, data.y, data.size + (data.picked ? 4.5 : 3), 0, Math.PI * 2);
    ctx.fill();
    if (label) {
      ctx.beginPath();
      ctx.roundRect(x - 2, y, w, h, 5);
      ctx.fill();
    }
    ctx.restore();
    // The halo covers the held ring drawn under it: a highlighted held memory keeps its ring.
    if (data.held) {
      ctx.save();
      ctx.strokeStyle = p.held;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([3, 2.5]);
      ctx.beginPath();
      ctx.arc(data.x, data.y, data.size + (data.picked ? 6.5 : 4.5), 0, Math.PI * 2);
      ctx.stroke();
      ctx.restore();
    }
    if (data.picked) {
      ctx.strokeStyle = p.accent;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(data.x, data.y, data.size + 2.5, 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.fillStyle = data.color;
    ctx.beginPath();
    ctx.arc(data.x, data.y, data.size, 0, Math.PI * 2);
    ctx.fill();
    if (label) {
      ctx.fillStyle = p.hoverText;
      ctx.textBaseline = 'middle';
      ctx.fillText(label, x - 2 + padX, data.y + 0.5);
    }
  };
}
