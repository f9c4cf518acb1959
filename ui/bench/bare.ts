// The render benchmark's baseline: a bare sigma.js page with default settings drawing the same
// graph as the explorer, at the same positions (the explorer's initial layout), so the two pages
// differ only in how they draw. Built by `npm run build:bench`; never part of the app.
import Graph from 'graphology';
import Sigma from 'sigma';
import { initialLayout } from '../src/graph/layout';

declare global {
  interface Window {
    __bare: { sigma?: Sigma; graph?: Graph; ready: boolean; firstRenderMs: number | null };
  }
}
window.__bare = { ready: false, firstRenderMs: null };

const token = new URLSearchParams(location.search).get('token');
const res = await fetch('../api/v1/snapshot', { headers: token ? { Authorization: `Bearer ${token}` } : {} });
const snap = (await res.json()) as { memories: { id: string; title: string }[]; edges: { id: string; from: string; to: string }[] };

const index = new Map<string, number>();
snap.memories.forEach((m, i) => index.set(m.id, i));
const sources: number[] = [];
const targets: number[] = [];
for (const e of snap.edges) {
  const s = index.get(e.from);
  const t = index.get(e.to);
  if (s !== undefined && t !== undefined) {
    sources.push(s);
    targets.push(t);
  }
}
const layout = initialLayout(snap.memories.length, Uint32Array.from(sources), Uint32Array.from(targets));
const graph = new Graph({ type: 'directed', multi: true, allowSelfLoops: true });
snap.memories.forEach((m, i) => graph.addNode(m.id, { x: layout.xy[2 * i], y: layout.xy[2 * i + 1], size: 3, label: m.title, color: '#3b7dd8' }));
for (const e of snap.edges) if (graph.hasNode(e.from) && graph.hasNode(e.to)) graph.addDirectedEdgeWithKey(e.id, e.from, e.to);

// Sigma's constructor draws the first frame synchronously.
const sigma = new Sigma(graph, document.getElementById('c') as HTMLElement);
window.__bare.firstRenderMs = performance.now();
window.__bare.sigma = sigma;
window.__bare.graph = graph;
window.__bare.ready = true;
