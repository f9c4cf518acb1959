// Shift-drag on the graph draws a freehand lasso; releasing it picks every drawn node inside.
// Imperative, like the controller: the outline is an SVG path over sigma's canvases, moved per
// mouse event, never through React.
import type Sigma from 'sigma';
import type { MouseCoords } from 'sigma/types';
import { enclosed, pathOf, type Point } from '../../graph/polygon';
import type { EdgeAttrs, NodeAttrs } from '../../graph/types';

/** Below this distance from where the button went down, a shift-press is a click (toggle a node). */
const START_PX = 5;
/** Outline points closer than this to the previous one add nothing but work. */
const STEP_PX = 2;
/** A release this soon after a lasso is not the first half of a double click (which zooms). */
const DOUBLE_CLICK_MS = 600;

export interface LassoEvents {
  /** The button went down with Shift and the pointer moved: a lasso is being drawn. */
  start(): void;
  /** The lasso was released around these nodes (possibly none). */
  select(ids: string[]): void;
}

export class Lasso {
  /** The outline so far, in viewport pixels; null when no shift-press is under way. */
  private points: Point[] | null = null;
  /** Moved far enough from the press to be a lasso rather than a click. */
  private drawing = false;
  /** The click that follows a lasso's release is the release, not a click on what is under it. */
  private swallowClick = false;
  private endedAt = -Infinity;
  private readonly svg: SVGSVGElement;
  private readonly path: SVGPathElement;
  private readonly container: HTMLElement;

  constructor(
    private readonly sigma: Sigma<NodeAttrs, EdgeAttrs>,
    private readonly events: LassoEvents,
  ) {
    this.container = sigma.getContainer();
    const ns = 'http://www.w3.org/2000/svg';
    this.svg = document.createElementNS(ns, 'svg');
    this.svg.setAttribute('class', 'lasso');
    this.svg.setAttribute('aria-hidden', 'true');
    this.svg.setAttribute('data-testid', 'lasso');
    this.svg.style.display = 'none';
    this.path = document.createElementNS(ns, 'path');
    this.svg.appendChild(this.path);
    this.container.appendChild(this.svg);

    const captor = sigma.getMouseCaptor();
    captor.on('mousedown', this.onDown);
    captor.on('mousemovebody', this.onMove);
    captor.on('mouseup', this.onUp);
    captor.on('wheel', this.onWheel);
    captor.on('doubleClick', this.onDoubleClick);
    // Capture phase: Esc cancels the lasso before the app's Esc clears the selection.
    window.addEventListener('keydown', this.onKey, true);
  }

  /** Whether a lasso is being drawn (hover effects wait). */
  get active(): boolean {
    return this.drawing;
  }

  /** For the controller's click handlers: true (once) when the click ends a lasso. */
  consumeClick(): boolean {
    const swallow = this.swallowClick;
    this.swallowClick = false;
    return swallow;
  }

  destroy(): void {
    const captor = this.sigma.getMouseCaptor();
    captor.off('mousedown', this.onDown);
    captor.off('mousemovebody', this.onMove);
    captor.off('mouseup', this.onUp);
    captor.off('wheel', this.onWheel);
    captor.off('doubleClick', this.onDoubleClick);
    window.removeEventListener('keydown', this.onKey, true);
    this.svg.remove();
  }

  private readonly onDown = (e: MouseCoords): void => {
    this.swallowClick = false;
    const o = e.original as MouseEvent;
    this.points = o.button === 0 && o.shiftKey ? [{ x: e.x, y: e.y }] : null;
    this.drawing = false;
  };

  private readonly onMove = (e: MouseCoords): void => {
    const pts = this.points;
    if (!pts) return;
    // A shift-press never pans the camera, whether it becomes a lasso or stays a click.
    e.preventSigmaDefault();
    const p = { x: e.x, y: e.y };
    if (!this.drawing) {
      if (Math.hypot(p.x - pts[0].x, p.y - pts[0].y) < START_PX) return;
      this.drawing = true;
      this.svg.style.display = '';
      this.container.classList.add('lassoing');
      this.events.start();
    }
    const last = pts[pts.length - 1];
    if (Math.hypot(p.x - last.x, p.y - last.y) < STEP_PX) return;
    pts.push(p);
    this.path.setAttribute('d', pathOf(pts));
  };

  private readonly onUp = (): void => {
    const pts = this.points;
    const drawing = this.drawing;
    this.reset();
    if (!pts || !drawing) return;
    this.swallowClick = true;
    this.endedAt = performance.now();
    this.events.select(this.nodesInside(pts));
  };

  /** Zooming mid-lasso would move the nodes under a fixed outline. */
  private readonly onWheel = (e: MouseCoords): void => {
    if (this.drawing) e.preventSigmaDefault();
  };

  private readonly onDoubleClick = (e: MouseCoords): void => {
    if (performance.now() - this.endedAt < DOUBLE_CLICK_MS) e.preventSigmaDefault();
  };

  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || !this.points) return;
    const drawing = this.drawing;
    this.reset();
    if (!drawing) return;
    // The release still to come must not click what it ends on.
    this.swallowClick = true;
    e.preventDefault();
    e.stopImmediatePropagation();
  };

  private reset(): void {
    this.points = null;
    this.drawing = false;
    this.svg.style.display = 'none';
    this.path.setAttribute('d', '');
    this.container.classList.remove('lassoing');
  }

  /** Every node drawn now (not hidden by filters or level of detail) whose centre the outline encloses. */
  private nodesInside(outline: readonly Point[]): string[] {
    const s = this.sigma;
    function* drawn(): Generator<readonly [string, Point]> {
      for (const id of s.getGraph().nodes()) {
        const d = s.getNodeDisplayData(id);
        if (!d || d.hidden) continue;
        yield [id, s.framedGraphToViewport(d)] as const;
      }
    }
    return enclosed(drawn(), outline);
  }
}
