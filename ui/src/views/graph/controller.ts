// Everything sigma: settings, reducers, hover, camera, level of detail and the force layout.
// Imperative on purpose: React renders the chrome around the canvas, never per frame.
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import Sigma from 'sigma';
import { EdgeArrowProgram, EdgeLineProgram, EdgeRectangleProgram, NodeCircleProgram } from 'sigma/rendering';
import type { Settings } from 'sigma/settings';
import type { HiddenSet, Visibility } from '../../graph/filters';
import { nodeSizeFloor, stagePadding } from '../../graph/framing';
import { maxLevelForRatio } from '../../graph/lod';
import { HELD_FADE, mixHex, type Palette } from '../../graph/palette';
import type { EdgeAttrs, MemoryGraph, NodeAttrs } from '../../graph/types';
import { roleOf, type PathOverlay } from '../../retrieval/pathOverlay';
import type { SizeMode } from '../../state/ui';
import { makeHoverDrawer } from './drawHover';
import { HeldRings } from './heldRings';
import { Lasso } from './lasso';
import { CULLED, NullEdgeProgram, NullNodeProgram } from './nullProgram';

/** Above this, the force layout is not run at all: the seeded layout stands. */
const FA2_MAX_NODES = 20_000;
/** Above this, hovering only lights up the neighbourhood (a partial refresh), never dims the rest. */
const DIM_ON_HOVER_MAX = 5_000;
/** Above this, edges and labels are not drawn while the camera moves. */
const BIG = 5_000;

export interface MnemoHandle {
  sigma: Sigma<NodeAttrs, EdgeAttrs> | null;
  graph: MemoryGraph | null;
  ready: boolean;
  firstRenderMs: number | null;
  layoutRunning: boolean;
  /** Held memories ringed by the last render. */
  heldRings: number;
}

declare global {
  interface Window {
    __mnemo: MnemoHandle;
  }
}

export interface ControllerEvents {
  /** `additive`: with Shift (or Ctrl/Cmd) held, to add the node to a multi-selection. */
  clickNode(id: string, additive: boolean): void;
  clickStage(): void;
  /** Shift-drag drew a lasso around these nodes (those drawn now; possibly none). */
  lasso(ids: string[]): void;
  layoutChange(running: boolean): void;
  firstRender(ms: number): void;
}

export class GraphController {
  readonly sigma: Sigma<NodeAttrs, EdgeAttrs>;
  private readonly resizer: ResizeObserver;
  private readonly lasso: Lasso;
  private graph: MemoryGraph;
  private palette: Palette;
  private sizeMode: SizeMode = 'degree';
  private hidden: HiddenSet = null;
  /** Links hidden by their own validity ("true as of"). */
  private hiddenEdges: HiddenSet = null;
  /** Superseded memories that were the current statement at the "true as of" instant: not faded. */
  private currentThen: HiddenSet = null;
  private path: PathOverlay | null = null;
  private selected: string | null = null;
  /** Nodes picked together (shift-click): drawn highlighted, never culled. */
  private multi: ReadonlySet<string> = new Set();
  private hovered: string | null = null;
  private hoverSet: Set<string> | null = null;
  private maxLevel = Infinity;
  private lodTimer: number | null = null;
  /** Bumped by every camera change: how the LOD timer tells a resting camera from a moving one. */
  private cameraEpoch = 0;
  private layout: FA2Layout<NodeAttrs, EdgeAttrs> | null = null;
  private layoutTimer: number | null = null;
  private rendered = false;
  /** Nodes the reducer last drew as held: filled in from sigma's first render on, before the rings exist. */
  private readonly ringed = new Set<string>();
  private readonly rings: HeldRings;
  /**
   * How far the floating toolbar reaches down over the stage (px): nodes are framed below it.
   * Measured once the toolbar is mounted; this first guess is its usual reach (one row), so that
   * a large graph is not indexed a second time for a changed padding just after it opens.
   */
  private topInset = 50;
  /** The padding follows the graph's size: a handful of memories sit in the middle. */
  private readonly onOrder = () => this.reframe();

  constructor(
    container: HTMLElement,
    graph: MemoryGraph,
    palette: Palette,
    private readonly events: ControllerEvents,
  ) {
    this.graph = graph;
    this.palette = palette;
    const big = graph.order > BIG;
    this.maxLevel = maxLevelForRatio(1, graph.order);
    const settings: Partial<Settings<NodeAttrs, EdgeAttrs>> = {
      hideEdgesOnMove: big,
      hideLabelsOnMove: big,
      labelFont: 'Inter, "Segoe UI", system-ui, -apple-system, sans-serif',
      labelSize: 12,
      labelWeight: '500',
      labelColor: { color: palette.label },
      labelDensity: 0.6,
      labelGridCellSize: 150,
      labelRenderedSizeThreshold: big ? 9 : 5,
      defaultNodeType: 'circle',
      defaultEdgeType: this.edgeTypeFor(graph),
      nodeProgramClasses: { circle: NodeCircleProgram, [CULLED]: NullNodeProgram },
      edgeProgramClasses: {
        line: EdgeLineProgram,
        rect: EdgeRectangleProgram,
        arrow: EdgeArrowProgram,
        [CULLED]: NullEdgeProgram,
      },
      // Dense graphs keep node sizes constant on screen when zooming, so zooming in separates them.
      zoomToSizeRatioFunction: big ? () => 1 : Math.sqrt,
      minCameraRatio: 0.005,
      maxCameraRatio: 4,
      stagePadding: stagePadding({ order: graph.order, width: container.clientWidth, height: container.clientHeight, topInset: this.topInset }),
      zIndex: true,
      defaultDrawNodeHover: makeHoverDrawer(() => this.palette),
      nodeReducer: (node, d) => this.reduceNode(node, d),
      edgeReducer: (edge, d) => this.reduceEdge(edge, d),
    };
    performance.mark('mnemo:sigma-start');
    this.sigma = new Sigma(graph, container, settings);
    performance.mark('mnemo:sigma-created');
    this.rings = new HeldRings(this.sigma, () => this.palette, this.ringed);
    this.rings.draw();
    // Sigma follows window resizes only; the stage also changes size when a side panel opens.
    this.resizer = new ResizeObserver(() => {
      this.sigma.resize();
      this.reframe();
      this.sigma.scheduleRender();
    });
    this.resizer.observe(container);
    this.lasso = new Lasso(this.sigma, {
      start: () => {
        this.stopLayout();
        this.setHover(null);
      },
      select: (ids) => this.events.lasso(ids),
    });
    this.wire();
    this.watchOrder(graph, true);
    this.publish();
    // Sigma draws once, synchronously, in its constructor: that is the first render.
    if (graph.order > 0) this.markRendered();
    this.maybeStartLayout();
  }

  // ── Reducers: run on refresh only; they mutate and return sigma's own copy (no allocation). ──

  private reduceNode(node: string, d: NodeAttrs): NodeAttrs {
    const path = this.path;
    const role = path ? roleOf(path, node) : null;
    const picked = this.multi.has(node);
    const pinnedOn = role !== null || node === this.selected || picked;
    if (!pinnedOn && (d.lod > this.maxLevel || (this.hidden !== null && this.hidden.has(node)))) {
      this.ringed.delete(node);
      d.hidden = true;
      d.type = CULLED;
      return d;
    }
    const p = this.palette;
    const deg = this.graph.degree(node);
    const scale = this.graph.order > BIG ? 0.55 : 1;
    let size = scale * (this.sizeMode === 'degree' ? 2.5 + Math.min(13, Math.sqrt(deg) * 1.6) : 2.5 + 11 * d.imp);
    if (d.pinned) size += 1;
    // A near-empty store's memories are drawn large enough to carry their labels.
    size = Math.max(size, nodeSizeFloor(this.graph.order));
    let color = d.inactive && !(this.currentThen !== null && this.currentThen.has(node)) ? p.inactive : p.kind[d.kind];
    if (d.held) {
      // Faded but never a speck: what waits for the person should be easy to find and click.
      color = mixHex(color, p.canvas, HELD_FADE);
      size = Math.max(size, 4 * scale);
    }
    if (path) {
      if (role === 'result') {
        // A replay beside its original: a result only the replay found in its colour, one it dropped greyed.
        const side = path.compare?.results.get(node);
        if (side === 'replay') color = p.pathEdgeReplay;
        else if (side === 'original') color = p.inactive;
        size = Math.max(size, 7) * 1.35;
        d.forceLabel = true;
        d.zIndex = 3;
      } else if (role === 'seed') {
        color = p.seed;
        size = Math.max(size, 6);
        d.forceLabel = true;
        d.zIndex = 2;
      } else if (role === 'hop') {
        color = p.hop;
        size = Math.max(size, 4.5);
        d.zIndex = 1;
      } else {
        color = p.dimNode;
        d.label = '';
        d.zIndex = 0;
      }
    } else if (this.hoverSet && this.graph.order <= DIM_ON_HOVER_MAX) {
      if (!this.hoverSet.has(node)) {
        color = p.dimNode;
        d.label = '';
      } else d.zIndex = 1;
    }
    if (node === this.hovered || node === this.selected || picked) {
      d.highlighted = true;
      // A picked memory's card is drawn where it fits (see drawHover), not forced over others.
      d.forceLabel = node === this.hovered || node === this.selected;
      d.picked = picked;
      d.zIndex = 4;
      if (picked) size = Math.max(size, 6) * 1.25;
    } else if (this.hoverSet && this.hoverSet.has(node)) {
      d.forceLabel = this.hoverSet.size <= 40;
    }
    d.size = size;
    d.color = color;
    // Dimmed around a path or a hover, a held memory steps back with the rest: no ring.
    if (d.held && color !== p.dimNode) this.ringed.add(node);
    else this.ringed.delete(node);
    return d;
  }

  private reduceEdge(edge: string, d: EdgeAttrs): EdgeAttrs {
    const path = this.path;
    const onPath = path !== null && path.edges.has(edge);
    if (!onPath) {
      if (d.lod > this.maxLevel || path !== null && this.graph.order > BIG) return cull(d);
      const hidden = this.hidden;
      if (hidden !== null && (hidden.has(this.graph.source(edge)) || hidden.has(this.graph.target(edge)))) {
        // The selected node stays visible through filters, but its edges follow them.
        return cull(d);
      }
      if (this.hiddenEdges !== null && this.hiddenEdges.has(edge)) return cull(d);
    }
    const p = this.palette;
    if (onPath) {
      // A replay beside its original: each side's edges in its own colour.
      const side = path.compare?.edges.get(edge);
      d.color = side === 'replay' ? p.pathEdgeReplay : side === 'both' ? p.pathEdgeBoth : p.pathEdge;
      d.size = 3;
      d.zIndex = 2;
      return d;
    }
    if (path) {
      d.color = p.dimEdge;
      d.size = 0.5;
      return d;
    }
    const hs = this.hoverSet;
    if (hs && this.hovered) {
      const touches = this.graph.source(edge) === this.hovered || this.graph.target(edge) === this.hovered;
      if (touches) {
        d.color = p.accent;
        d.size = 1.6;
        d.zIndex = 1;
        return d;
      }
      if (this.graph.order <= DIM_ON_HOVER_MAX) {
        d.color = p.dimEdge;
        d.size = 0.5;
        return d;
      }
    }
    d.color = p.edgeStrong[d.kind] ?? (d.auto ? p.edgeAuto : p.edge);
    d.size = d.kind === 'supersedes' || d.kind === 'contradicts' ? 1.4 : 0.8;
    return d;
  }

  private edgeTypeFor(graph: MemoryGraph): string {
    // Thin GL lines for big graphs (two vertices each); arrows where there is room to read direction.
    if (graph.size > 20_000) return 'line';
    return graph.order <= 2_000 ? 'arrow' : 'rect';
  }

  // ── Wiring ──

  private wire(): void {
    const s = this.sigma;
    // While a lasso is drawn, the neighbourhood of whatever it passes over stays unlit.
    s.on('enterNode', ({ node }) => !this.lasso.active && this.setHover(node));
    s.on('leaveNode', () => this.setHover(null));
    s.on('clickNode', ({ node, event }) => {
      if (this.lasso.consumeClick()) return;
      const e = event.original;
      this.events.clickNode(node, e.shiftKey || e.ctrlKey || e.metaKey);
    });
    s.on('clickStage', () => {
      if (!this.lasso.consumeClick()) this.events.clickStage();
    });
    // Any hand on the camera stops the force layout: the user's view wins over the layout's.
    const captor = s.getMouseCaptor();
    captor.on('mousedown', () => this.stopLayout());
    captor.on('wheel', () => this.stopLayout());
    s.getCamera().on('updated', (state) => this.onCamera(state.ratio));
    s.on('afterRender', () => {
      if (!this.rendered && this.graph.order > 0) this.markRendered();
      window.__mnemo.heldRings = this.rings.drawn;
    });
  }

  private markRendered(): void {
    this.rendered = true;
    const ms = performance.now();
    window.__mnemo.ready = true;
    window.__mnemo.firstRenderMs = ms;
    this.events.firstRender(ms);
  }

  private publish(): void {
    window.__mnemo = {
      sigma: this.sigma,
      graph: this.graph,
      ready: this.rendered,
      firstRenderMs: window.__mnemo?.firstRenderMs ?? null,
      layoutRunning: false,
      heldRings: 0,
    };
  }

  /** Level of detail follows the zoom, re-culled only once the camera rests (one refresh, not per frame). */
  private onCamera(ratio: number): void {
    this.cameraEpoch++;
    this.scheduleLod(ratio);
  }

  /**
   * Re-culling reprocesses every node, so it waits until the camera has rested: 180 ms and then two
   * frames without a camera change. Time alone is not enough where frames are slow (software
   * WebGL draws a large graph in over a second), so the frames decide.
   */
  private scheduleLod(ratio: number): void {
    if (maxLevelForRatio(ratio, this.graph.order) === this.maxLevel) {
      if (this.lodTimer !== null) clearTimeout(this.lodTimer);
      this.lodTimer = null;
      return;
    }
    if (this.lodTimer !== null) return;
    const epoch = this.cameraEpoch;
    this.lodTimer = window.setTimeout(() => {
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          this.lodTimer = null;
          const cam = this.sigma.getCamera();
          const ratioNow = cam.getState().ratio;
          if (this.cameraEpoch !== epoch || cam.isAnimated()) return this.scheduleLod(ratioNow);
          const level = maxLevelForRatio(ratioNow, this.graph.order);
          if (level !== this.maxLevel) {
            this.maxLevel = level;
            this.sigma.refresh();
          }
        }),
      );
    }, 180);
  }

  private setHover(node: string | null): void {
    if (node === this.hovered) return;
    const before = this.hoverSet;
    const prev = this.hovered;
    this.hovered = node;
    this.hoverSet = node ? new Set([node, ...this.graph.neighbors(node)]) : null;
    if (this.graph.order <= DIM_ON_HOVER_MAX) {
      this.sigma.refresh({ skipIndexation: true });
      return;
    }
    // Large graph: repaint only what changes (the old and new neighbourhoods and their edges).
    const nodes = new Set<string>();
    const edges = new Set<string>();
    for (const set of [before, this.hoverSet]) set?.forEach((n) => nodes.add(n));
    for (const c of [prev, node]) if (c && this.graph.hasNode(c)) this.graph.forEachEdge(c, (e) => edges.add(e));
    this.repaint({ nodes: [...nodes], edges: [...edges] });
  }

  // ── Framing ──

  private watchOrder(graph: MemoryGraph, on: boolean): void {
    for (const event of ['nodeAdded', 'nodeDropped', 'cleared'] as const) {
      if (on) graph.on(event, this.onOrder);
      else graph.off(event, this.onOrder);
    }
  }

  /** Sets sigma's padding for the graph's size and the stage (a setting: only when it changes, as it re-indexes). */
  private reframe(): void {
    // The past keeps the live graph's frame, so that nothing moves on screen (see setGraph).
    if (this.sigma.getCustomBBox()) return;
    const padding = this.paddingFor(this.graph.order);
    if (padding !== this.sigma.getSetting('stagePadding')) this.sigma.setSetting('stagePadding', padding);
  }

  private paddingFor(order: number): number {
    const { width, height } = this.sigma.getDimensions();
    return stagePadding({ order, width, height, topInset: this.topInset });
  }

  /** The toolbar's bottom edge, from the top of the stage (px). */
  setTopInset(px: number): void {
    const inset = Math.max(0, Math.round(px));
    if (inset === this.topInset) return;
    this.topInset = inset;
    this.reframe();
  }

  // ── Inputs from the app ──

  /**
   * Draws another graph. `load`: a fresh snapshot, laid out anew. `past`: the graph as Mnemo knew
   * it, its memories where the live graph has them; the frame stays the live one's, so nothing
   * moves on screen, and no layout runs. `back`: the live graph again, exactly as it was left.
   */
  setGraph(graph: MemoryGraph, mode: 'load' | 'past' | 'back' = 'load'): void {
    this.stopLayout();
    // The live frame is kept while the past shows (once: moving in the past keeps the first).
    if (mode === 'past') this.sigma.setCustomBBox(this.sigma.getCustomBBox() ?? this.sigma.getBBox());
    else this.sigma.setCustomBBox(null);
    this.hovered = null;
    this.hoverSet = null;
    // A change of settings re-indexes sigma's graph through the reducers, which read this.graph:
    // so the settings change while both are still the old graph (in one go: one re-index), and
    // sigma then takes the new one, which it indexes and draws at once.
    const big = graph.order > BIG;
    this.sigma.setSettings({
      hideEdgesOnMove: big,
      hideLabelsOnMove: big,
      labelRenderedSizeThreshold: big ? 9 : 5,
      zoomToSizeRatioFunction: big ? () => 1 : Math.sqrt,
      defaultEdgeType: this.edgeTypeFor(graph),
      // The past keeps the live graph's frame; any other graph is framed for its own size.
      stagePadding: mode === 'past' ? this.sigma.getSetting('stagePadding') : this.paddingFor(graph.order),
    });
    this.maxLevel = maxLevelForRatio(this.sigma.getCamera().getState().ratio, graph.order);
    // The new graph's held nodes are marked again as sigma indexes it.
    this.ringed.clear();
    this.watchOrder(this.graph, false);
    this.graph = graph;
    this.watchOrder(graph, true);
    this.sigma.setGraph(graph);
    window.__mnemo.graph = graph;
    if (mode === 'load') this.maybeStartLayout();
  }

  setPalette(p: Palette): void {
    if (p === this.palette) return;
    this.palette = p;
    // Setting a setting refreshes sigma, which re-runs the reducers with the new colours.
    this.sigma.setSetting('labelColor', { color: p.label });
  }

  setSizeMode(m: SizeMode): void {
    if (m === this.sizeMode) return;
    this.sizeMode = m;
    this.sigma.refresh({ skipIndexation: true });
  }

  setHidden(v: Visibility): void {
    if (v.nodes === null && v.edges === null && v.currentThen === null) {
      if (this.hidden === null && this.hiddenEdges === null && this.currentThen === null) return;
    }
    this.hidden = v.nodes;
    this.hiddenEdges = v.edges;
    this.currentThen = v.currentThen;
    this.sigma.refresh();
  }

  setPath(p: PathOverlay | null): void {
    if (p === this.path) return;
    this.path = p;
    this.sigma.refresh();
  }

  setSelected(id: string | null): void {
    if (id === this.selected) return;
    const prev = this.selected;
    this.selected = id;
    const nodes = [prev, id].filter((n): n is string => !!n && this.graph.hasNode(n));
    if (!nodes.length) return;
    // Only a node that changes program (culled ↔ drawn) needs the full re-indexing pass.
    const reindex = nodes.some((n) => {
      const before = this.sigma.getNodeDisplayData(n)?.type;
      const after = this.reduceNode(n, { ...this.graph.getNodeAttributes(n) }).type ?? 'circle';
      return (before === CULLED) !== (after === CULLED);
    });
    this.repaint({ nodes }, reindex);
  }

  /**
   * Repaints a few nodes and edges, without sigma's indexing pass unless `reindex`. A node sigma
   * has not placed in a program yet (added since the last render: a quick add selects its memory
   * at once) cannot be repainted alone, and sigma throws: then it indexes.
   */
  private repaint(partialGraph: { nodes?: string[]; edges?: string[] }, reindex = false): void {
    if (!reindex) {
      try {
        this.sigma.refresh({ partialGraph, skipIndexation: true });
        return;
      } catch {
        // Not placed yet: index below.
      }
    }
    this.sigma.refresh({ partialGraph });
  }

  /** The multi-selection changed: repaint the nodes that joined or left it. */
  setMulti(ids: readonly string[]): void {
    const next = new Set(ids);
    const changed = [...new Set([...this.multi, ...next])].filter((n) => this.multi.has(n) !== next.has(n) && this.graph.hasNode(n));
    this.multi = next;
    if (!changed.length) return;
    // A node that was culled (level of detail) and now must show needs sigma to re-index.
    this.sigma.refresh({ partialGraph: { nodes: changed } });
  }

  /** Full refresh (theme change and the like). */
  refresh(): void {
    this.sigma.refresh();
  }

  /** Animates the camera onto a memory, close enough to read it and its neighbours. */
  centerOn(id: string, ratio = this.graph.order < 300 ? 0.55 : this.graph.order < 5000 ? 0.3 : 0.1): void {
    if (!this.graph.hasNode(id)) return;
    this.stopLayout();
    const d = this.sigma.getNodeDisplayData(id);
    if (!d) return;
    const cam = this.sigma.getCamera();
    void cam.animate({ x: d.x, y: d.y, ratio: Math.min(cam.getState().ratio, ratio) }, { duration: 650, easing: 'quadraticInOut' });
  }

  /** Frames the given nodes (a retrieval path); falls back to the whole graph. */
  frame(ids: Iterable<string>): void {
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, n = 0;
    for (const id of ids) {
      const d = this.graph.hasNode(id) ? this.sigma.getNodeDisplayData(id) : undefined;
      if (!d) continue;
      n++;
      minX = Math.min(minX, d.x);
      maxX = Math.max(maxX, d.x);
      minY = Math.min(minY, d.y);
      maxY = Math.max(maxY, d.y);
    }
    const cam = this.sigma.getCamera();
    if (!n) return void cam.animatedReset({ duration: 500 });
    const span = Math.max(maxX - minX, maxY - minY);
    void cam.animate(
      { x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio: Math.min(1, Math.max(0.05, span * 1.6)) },
      { duration: 650, easing: 'quadraticInOut' },
    );
  }

  zoom(by: number): void {
    const cam = this.sigma.getCamera();
    void (by > 1 ? cam.animatedUnzoom({ duration: 250, factor: by }) : cam.animatedZoom({ duration: 250, factor: 1 / by }));
  }

  resetCamera(): void {
    void this.sigma.getCamera().animatedReset({ duration: 400 });
  }

  // ── Force layout (web worker) ──

  private maybeStartLayout(): void {
    const n = this.graph.order;
    if (n < 3 || n > FA2_MAX_NODES) return;
    // Long enough to settle a small memory, bounded for a large one.
    this.runLayout(Math.min(6000, 1500 + n * 0.4));
  }

  runLayout(ms: number): void {
    this.stopLayout();
    if (this.graph.order < 3) return;
    const settings = forceAtlas2.inferSettings(this.graph);
    this.layout = new FA2Layout(this.graph, {
      settings: {
        ...settings,
        barnesHutOptimize: this.graph.order > 1500,
        adjustSizes: false,
        gravity: 1,
        scalingRatio: 8,
        slowDown: 1 + Math.log(this.graph.order),
      },
      getEdgeWeight: null,
    });
    this.layout.start();
    window.__mnemo.layoutRunning = true;
    this.events.layoutChange(true);
    this.layoutTimer = window.setTimeout(() => this.stopLayout(), ms);
  }

  stopLayout(): void {
    if (this.layoutTimer !== null) {
      clearTimeout(this.layoutTimer);
      this.layoutTimer = null;
    }
    if (!this.layout) return;
    this.layout.kill();
    this.layout = null;
    window.__mnemo.layoutRunning = false;
    this.events.layoutChange(false);
  }

  get layoutRunning(): boolean {
    return this.layout !== null;
  }

  destroy(): void {
    this.watchOrder(this.graph, false);
    this.rings.destroy();
    this.resizer.disconnect();
    this.lasso.destroy();
    this.stopLayout();
    if (this.lodTimer !== null) clearTimeout(this.lodTimer);
    this.sigma.kill();
  }
}

function cull(d: EdgeAttrs): EdgeAttrs {
  d.hidden = true;
  d.type = CULLED;
  return d;
}
