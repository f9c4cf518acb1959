// Colours of the graph per theme. Kinds use hues far enough apart to tell at a glance, with
// the same lightness so that no kind shouts; edges stay quiet so that nodes carry the picture.
import type { EdgeKind, MemoryKind } from '../api/types';

export interface Palette {
  kind: Record<MemoryKind, string>;
  edge: string;
  /** Edges that carry meaning beyond structure (supersedes, contradicts). */
  edgeStrong: Partial<Record<EdgeKind, string>>;
  edgeAuto: string;
  dimNode: string;
  dimEdge: string;
  label: string;
  hoverBg: string;
  hoverText: string;
  hoverShadow: string;
  accent: string;
  seed: string;
  hop: string;
  pathEdge: string;
  /** A replay's path edges beside its original's (`pathEdge`), and the edges both walked. */
  pathEdgeReplay: string;
  pathEdgeBoth: string;
  inactive: string;
  /** The ring of a memory held for review (amber, as `--warn` in the chrome). */
  held: string;
  /** The canvas behind the graph: a held memory's fill is its kind's colour faded toward it. */
  canvas: string;
}

export const LIGHT: Palette = {
  kind: { episode: '#3b7dd8', fact: '#1d9a74', entity: '#e07b26', note: '#8a5cd0', summary: '#d0487e' },
  edge: '#c9ced8',
  edgeStrong: { supersedes: '#9aa3b5', contradicts: '#e0646a' },
  edgeAuto: '#dde1e8',
  dimNode: '#e3e6ec',
  dimEdge: '#eef0f4',
  label: '#1f2430',
  hoverBg: '#ffffff',
  hoverText: '#1f2430',
  hoverShadow: 'rgba(20, 25, 40, 0.25)',
  accent: '#4f6bed',
  seed: '#f2b01e',
  hop: '#8d96aa',
  pathEdge: '#4f6bed',
  pathEdgeReplay: '#e8590c',
  pathEdgeBoth: '#8a5cd0',
  inactive: '#b9bfcb',
  held: '#c98a0b',
  canvas: '#fbfbfc',
};

export const DARK: Palette = {
  kind: { episode: '#5b9cf0', fact: '#3fc298', entity: '#f29a4a', note: '#a883ea', summary: '#ea6c9e' },
  edge: '#3a4150',
  edgeStrong: { supersedes: '#5d6678', contradicts: '#e0646a' },
  edgeAuto: '#30364252',
  dimNode: '#2b303a',
  dimEdge: '#23272f',
  label: '#e3e7ef',
  hoverBg: '#262b35',
  hoverText: '#eef1f6',
  hoverShadow: 'rgba(0, 0, 0, 0.6)',
  accent: '#7d93ff',
  seed: '#f5c041',
  hop: '#8790a3',
  pathEdge: '#8fa2ff',
  pathEdgeReplay: '#ff8a3d',
  pathEdgeBoth: '#c09bf5',
  inactive: '#555c6a',
  held: '#e5b454',
  canvas: '#181b22',
};

export const KIND_LABEL: Record<MemoryKind, string> = {
  episode: 'Episode',
  fact: 'Fact',
  entity: 'Entity',
  note: 'Note',
  summary: 'Summary',
};

/** How far a held memory's fill fades toward the canvas: still its kind, plainly not settled. */
export const HELD_FADE = 0.5;

/** `a` mixed toward `b` by `t` (0: a, 1: b); both `#rrggbb`. */
export function mixHex(a: string, b: string, t: number): string {
  const ch = (hex: string, i: number) => parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16);
  let out = '#';
  for (let i = 0; i < 3; i++) out += Math.round(ch(a, i) + (ch(b, i) - ch(a, i)) * t).toString(16).padStart(2, '0');
  return out;
}
