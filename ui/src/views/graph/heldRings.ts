// Dashed amber rings around memories held for review, on a canvas of their own between sigma's
// nodes and labels. Sigma's circle program draws fills only; held memories are few, so a 2D
// pass over them after each render costs nothing where a custom WebGL program would cost code.
import type Sigma from 'sigma';
import type { Palette } from '../../graph/palette';
import type { EdgeAttrs, NodeAttrs } from '../../graph/types';

/** Gap between a node's edge and its ring, and the ring's dash, in CSS pixels. */
const GAP = 2.5;
const DASH = [3, 2.5];

export class HeldRings {
  /** How many rings the last render drew (tests read it through `window.__mnemo`). */
  drawn = 0;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;

  /**
   * `ringed`: the nodes whose last reduction drew them held. The controller's node reducer keeps
   * it current (it runs before this exists, on sigma's first render, hence a set it owns).
   */
  constructor(
    private readonly sigma: Sigma<NodeAttrs, EdgeAttrs>,
    private readonly palette: () => Palette,
    private readonly ringed: ReadonlySet<string>,
  ) {
    this.canvas = sigma.createCanvas('held', { beforeLayer: 'labels', style: { pointerEvents: 'none' } });
    this.canvas.setAttribute('data-testid', 'held-rings');
    this.ctx = this.canvas.getContext('2d')!;
    sigma.on('afterRender', this.draw);
  }

  readonly draw = (): void => {
    const { width, height } = this.sigma.getDimensions();
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    const ctx = this.ctx;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    this.drawn = 0;
    if (!this.ringed.size) return;
    ctx.strokeStyle = this.palette().held;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(DASH);
    const graph = this.sigma.getGraph();
    for (const node of this.ringed) {
      const d = graph.hasNode(node) ? this.sigma.getNodeDisplayData(node) : undefined;
      if (!d || d.hidden) continue;
      const { x, y } = this.sigma.framedGraphToViewport(d);
      const r = this.sigma.scaleSize(d.size) + GAP;
      if (x < -r || y < -r || x > width + r || y > height + r) continue;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.stroke();
      this.drawn++;
    }
  };

  destroy(): void {
    this.sigma.off('afterRender', this.draw);
  }
}
