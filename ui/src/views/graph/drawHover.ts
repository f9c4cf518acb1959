// The hover card drawn on the canvas next to a node: sigma's default is a white box, which does not
// follow the dark theme, so this one takes its colours from the palette.
import type { NodeHoverDrawingFunction } from 'sigma/rendering';
import type { Palette } from '../../graph/palette';
import type { EdgeAttrs, NodeAttrs } from '../../graph/types';

export function makeHoverDrawer(palette: () => Palette): NodeHoverDrawingFunction<NodeAttrs, EdgeAttrs> {
  return (ctx, data, settings) => {
    const p = palette();
    const size = settings.labelSize;
    const font = settings.labelFont;
    ctx.font = `600 ${size}px ${font}`;
    const label = data.label ?? '';
    const padX = 6;
    const h = size + 8;
    const w = label ? ctx.measureText(label).width + padX * 2 : 0;
    const x = data.x + data.size + 4;
    const y = data.y - h / 2;
    ctx.save();
    ctx.shadowColor = p.hoverShadow;
    ctx.shadowBlur = 8;
    ctx.fillStyle = p.hoverBg;
    ctx.beginPath();
    ctx.arc(data.x, data.y, data.size + 3, 0, Math.PI * 2);
    ctx.fill();
    if (label) {
      ctx.beginPath();
      ctx.roundRect(x - 2, y, w, h, 5);
      ctx.fill();
    }
    ctx.restore();
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
