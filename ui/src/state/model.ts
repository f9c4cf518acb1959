// The live memory graph: loaded from a snapshot, kept current by numbered deltas, reloaded on a gap.
// The graph and memories are plain mutable objects (never React state); React sees only counters.
// The explorer can also show the graph as Mnemo knew it at an earlier time: the live one is then
// set aside untouched, and comes back exactly as it was (reloaded if changes arrived meanwhile).
import type { ConnectionState, MnemoApi } from '../api';
import type { Edge, GraphDelta, GraphSnapshot, Memory, Overview, TraceSummary } from '../api/types';
import { buildGraph, emptyGraph } from '../graph/build';
import { applyDelta, type DeltaResult, type PlacementOptions } from '../graph/deltas';
import { placeLike } from '../graph/placeLike';
import type { MemoryGraph } from '../graph/types';
import { applySpaceChanges, archivedSet, bookOf, spaceNames, withSpaces, type SpaceBook } from './spaceBook';
import { dropFromSelection, pruneSelection, renameInSelection, type Selection } from './spaceSelection';
import { createStore } from './store';
import { toastError, ui } from './ui';

export interface ModelState {
  phase: 'loading' | 'ready' | 'error';
  error: string | null;
  seq: number;
  connection: ConnectionState;
  memoryCount: number;
  edgeCount: number;
  /** Bumped after every change of the data, for views that derive from it (throttle there). */
  version: number;
  /** Bumped when the whole graph object is replaced (a snapshot load). */
  graphVersion: number;
  overview: Overview | null;
  /** Every space's name (archived ones too), the default first, then alphabetically. */
  spaces: readonly string[];
  /** The spaces' records (description, colour, archived), live. */
  spaceBook: SpaceBook;
  /** The archived spaces' names: the explorer leaves their memories out unless they are picked. */
  archivedSpaces: ReadonlySet<string>;
  traces: readonly TraceSummary[];
  lastLoadMs: number;
  /** How the graph last changed as a whole: a snapshot of now, the past, or back from the past. */
  graphSource: 'load' | 'past' | 'back';
}

export const modelState = createStore<ModelState>({
  phase: 'loading',
  error: null,
  seq: 0,
  connection: 'connecting',
  memoryCount: 0,
  edgeCount: 0,
  version: 0,
  graphVersion: 0,
  overview: null,
  spaces: [],
  spaceBook: bookOf([]),
  archivedSpaces: new Set(),
  traces: [],
  lastLoadMs: 0,
  graphSource: 'load',
});

type DeltaListener = (r: DeltaResult) => void;

class Model {
  graph: MemoryGraph = emptyGraph();
  memories = new Map<string, Memory>();
  pendingEdges = new Map<string, Edge>();
  seq = 0;
  /** While the past is shown: the live graph, memories and waiting edges, set aside untouched. */
  private live: { graph: MemoryGraph; memories: Map<string, Memory>; pendingEdges: Map<string, Edge> } | null = null;
  /** Changes arrived while the past was shown: the live graph is behind, and reloads on return. */
  private missed = false;
  private api: MnemoApi | null = null;
  private loading: Promise<void> | null = null;
  /** Deltas that arrive while a snapshot loads; those newer than the snapshot are applied after it. */
  private buffered: GraphDelta[] = [];
  private deltaListeners = new Set<DeltaListener>();
  private spaceCenters: Map<string, { x: number; y: number }> | null = null;

  start(api: MnemoApi): () => void {
    this.api = api;
    const stop = api.subscribe({
      delta: (d) => this.onDelta(d),
      trace: (t) => modelState.set((s) => ({ traces: [t, ...s.traces.filter((x) => x.id !== t.id)].slice(0, 200) })),
      connection: (state, resumed) => {
        modelState.set({ connection: state });
        // Deltas may have been missed while disconnected: start again from a snapshot.
        if (resumed) void this.load();
      },
    });
    void this.load();
    // The spaces come with each snapshot (see `load`), so that they match the graph's memories.
    api.overview({}).then(
      (o) => modelState.set({ overview: o }),
      (e) => toastError(e, 'load overview'),
    );
    api.listTraces({ limit: 50 }).then(
      (ts) => modelState.set((s) => ({ traces: mergeTraces(s.traces, ts) })),
      () => undefined,
    );
    return stop;
  }

  onDeltaApplied(l: DeltaListener): () => void {
    this.deltaListeners.add(l);
    return () => this.deltaListeners.delete(l);
  }

  /** Whether the graph shown is one of the past (read-only; deltas wait for the return). */
  get showingPast(): boolean {
    return this.live !== null;
  }

  /** The live memories, also while the past is shown (the timeline's axis does not move). */
  get liveMemories(): Map<string, Memory> {
    return this.live?.memories ?? this.memories;
  }

  /**
   * Shows the graph as Mnemo knew it (a `snapshot({ known_at })`): the live graph is set aside
   * the first time, and every memory is drawn where the live graph has it.
   */
  showPast(snap: Pick<GraphSnapshot, 'memories' | 'edges'>): void {
    if (this.loading) throw new Error('showPast while the live graph loads: await idle() first');
    if (!this.live) this.live = { graph: this.graph, memories: this.memories, pendingEdges: this.pendingEdges };
    const built = buildGraph(snap);
    placeLike(built.graph, this.live.graph);
    this.swapIn(built.graph, built.memories, new Map(), 'past');
  }

  /** Resolves once no snapshot of now is loading (the past must not replace a graph half-loaded). */
  async idle(): Promise<void> {
    while (this.loading) await this.loading;
  }

  /** Back to the live graph, exactly as it was left; reloaded when changes arrived meanwhile. */
  showLive(): void {
    const live = this.live;
    if (!live) return;
    this.live = null;
    this.swapIn(live.graph, live.memories, live.pendingEdges, 'back');
    if (this.missed) {
      this.missed = false;
      void this.load();
    }
  }

  private swapIn(graph: MemoryGraph, memories: Map<string, Memory>, pending: Map<string, Edge>, source: 'past' | 'back'): void {
    this.graph = graph;
    this.memories = memories;
    this.pendingEdges = pending;
    this.invalidatePlacement();
    modelState.set((s) => ({
      memoryCount: graph.order,
      edgeCount: graph.size,
      version: s.version + 1,
      graphVersion: s.graphVersion + 1,
      graphSource: source,
    }));
  }

  /** Loads (or reloads) the whole graph; concurrent calls share one request. */
  load(): Promise<void> {
    if (this.loading) return this.loading;
    // The past stays on screen: the live graph is reloaded when the person comes back.
    if (this.live) {
      this.missed = true;
      return Promise.resolve();
    }
    const api = this.api!;
    const t0 = performance.now();
    this.loading = (async () => {
      try {
        const snap = await api.snapshot({});
        performance.mark('mnemo:snapshot-received');
        const built = buildGraph(snap);
        // The edge objects are not needed once the graph holds them: let them be collected now,
        // before sigma's first pass allocates its own data.
        (snap as { edges: unknown[] }).edges = [];
        performance.mark('mnemo:graph-built');
        this.graph = built.graph;
        this.memories = built.memories;
        this.pendingEdges = new Map();
        this.seq = snap.seq ?? 0;
        this.invalidatePlacement();
        // Read after the snapshot, so that the list is at least as new as it: space changes
        // after it arrive as deltas and apply again harmlessly.
        const listed = await api.listSpaces({}).catch(() => null);
        const inMemories = new Set<string>();
        for (const m of built.memories.values()) inMemories.add(m.space);
        const book = listed ? bookOf(listed, inMemories) : withSpaces(modelState.get().spaceBook, inMemories);
        this.setSpaces(book);
        // A remembered space may be gone (deleted while the app was closed, or another store).
        if (listed) this.changeSelection((sel) => pruneSelection(sel, book));
        modelState.set((s) => ({
          phase: 'ready',
          error: null,
          seq: snap.seq ?? 0,
          memoryCount: this.graph.order,
          edgeCount: this.graph.size,
          version: s.version + 1,
          graphVersion: s.graphVersion + 1,
          lastLoadMs: performance.now() - t0,
          graphSource: 'load',
        }));
      } catch (e) {
        modelState.set({ phase: 'error', error: (e as Error).message });
        toastError(e, 'load the graph');
      } finally {
        this.loading = null;
      }
      const waiting = this.buffered;
      this.buffered = [];
      for (const d of waiting) this.onDelta(d);
    })();
    return this.loading;
  }

  /** Replaces the space records, and what derives from them. */
  private setSpaces(book: SpaceBook): void {
    if (book === modelState.get().spaceBook) return;
    modelState.set({ spaceBook: book, spaces: spaceNames(book), archivedSpaces: archivedSet(book) });
  }

  private changeSelection(f: (sel: Selection) => Selection): void {
    ui.set((s) => {
      const next = f(s.filters.spaces);
      return next === s.filters.spaces ? {} : { filters: { ...s.filters, spaces: next } };
    });
  }

  /**
   * A delta's space changes. A picked space that is renamed stays picked under its new name; a
   * deleted one leaves the selection. Applying one twice changes nothing (a delta buffered
   * during a load is applied again after it).
   */
  private applySpaces(d: GraphDelta): void {
    const r = applySpaceChanges(modelState.get().spaceBook, d.changes);
    if (!r.changed) return;
    this.setSpaces(r.book);
    this.changeSelection((sel) => dropFromSelection(r.renamed.reduce((acc, [from, to]) => renameInSelection(acc, from, to), sel), r.removed));
  }

  private onDelta(d: GraphDelta): void {
    // The spaces are the live store's, also while the past is shown (the switcher lists them).
    if (!this.loading) this.applySpaces(d);
    // The past is not changed by what happens now; the live graph catches up on return.
    if (this.live) {
      this.missed = true;
      return;
    }
    if (this.loading) {
      this.buffered.push(d);
      return;
    }
    const result = applyDelta(this, d, this.placement);
    if (result.outcome === 'gap') {
      this.buffered.push(d);
      void this.load();
      return;
    }
    if (result.outcome === 'stale') return;
    // New memories, and memories moved, may be in a space the list does not have yet (an
    // older engine sends no space changes).
    if (result.addedNodes.length || result.updatedNodes.length) {
      const spaces = [...result.addedNodes, ...result.updatedNodes].map((id) => this.memories.get(id)?.space).filter((sp): sp is string => sp !== undefined);
      this.setSpaces(withSpaces(modelState.get().spaceBook, spaces));
    }
    modelState.set((s) => ({
      seq: this.seq,
      memoryCount: this.graph.order,
      edgeCount: this.graph.size,
      version: s.version + 1,
    }));
    this.deltaListeners.forEach((l) => l(result));
  }

  private placement: PlacementOptions = (() => {
    const model = this;
    return {
      spaceCenter: (space: string) => model.centerOf(space),
      // A small step relative to the drawing's size, whatever units the layout left it in.
      get jitter() {
        return model.typicalSpacing();
      },
      random: Math.random,
    };
  })();

  private spacing: number | null = null;

  /** Positions moved (a layout ran): recompute space centres and spacing on next use. */
  invalidatePlacement(): void {
    this.spaceCenters = null;
    this.spacing = null;
  }

  private typicalSpacing(): number {
    if (this.spacing === null) {
      let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
      this.graph.forEachNode((_, a) => {
        if (a.x < minX) minX = a.x;
        if (a.x > maxX) maxX = a.x;
        if (a.y < minY) minY = a.y;
        if (a.y > maxY) maxY = a.y;
      });
      const span = Math.max(maxX - minX, maxY - minY);
      this.spacing = Number.isFinite(span) && span > 0 ? span / (2 * Math.sqrt(this.graph.order) + 4) : 1;
    }
    return this.spacing;
  }

  /** Middle of a space's memories (computed once per snapshot): where unconnected newcomers land. */
  private centerOf(space: string): { x: number; y: number } {
    if (!this.spaceCenters) {
      const sums = new Map<string, { x: number; y: number; n: number }>();
      this.graph.forEachNode((id, a) => {
        const sp = this.memories.get(id)?.space ?? '';
        const s = sums.get(sp) ?? { x: 0, y: 0, n: 0 };
        s.x += a.x;
        s.y += a.y;
        s.n++;
        sums.set(sp, s);
      });
      this.spaceCenters = new Map([...sums].map(([k, s]) => [k, { x: s.x / s.n, y: s.y / s.n }]));
    }
    return this.spaceCenters.get(space) ?? { x: 0, y: 0 };
  }
}

function mergeTraces(current: readonly TraceSummary[], loaded: TraceSummary[]): TraceSummary[] {
  const seen = new Set(current.map((t) => t.id));
  return [...current, ...loaded.filter((t) => !seen.has(t.id))].sort((a, b) => b.at.localeCompare(a.at));
}

export const model = new Model();
