import type { Edge, Memory } from '../api/types';
import type { EdgeAttrs, NodeAttrs } from './types';

const LABEL_MAX = 48;

/** A short label: the title, else the start of the text, cut at a word. */
export function labelOf(m: Pick<Memory, 'title' | 'text'>): string {
  const raw = (m.title || m.text).replace(/\s+/g, ' ').trim();
  if (raw.length <= LABEL_MAX) return raw;
  const cut = raw.slice(0, LABEL_MAX);
  const space = cut.lastIndexOf(' ');
  return (space > LABEL_MAX * 0.6 ? cut.slice(0, space) : cut) + '…';
}

export function nodeAttrs(m: Memory, x: number, y: number, lod: number): NodeAttrs {
  return { x, y, lod, ...memoryFields(m) };
}

/**
 * The attributes that follow the memory when it changes (position and level of detail stay).
 * A held memory is not inactive: it is not settled either way yet, and waits to be looked at.
 */
export function memoryFields(m: Memory): Pick<NodeAttrs, 'label' | 'kind' | 'imp' | 'inactive' | 'held' | 'pinned'> {
  const held = m.status === 'pending';
  return { label: labelOf(m), kind: m.kind, imp: m.importance ?? 0, inactive: m.status !== 'active' && !held, held, pinned: m.pinned };
}

/** A link's validity as numbers, for the "true as of" filter; absent bounds stay undefined. */
export function edgeValidity(e: Pick<Edge, 'valid_from' | 'valid_until'>): Pick<EdgeAttrs, 'from' | 'until'> {
  return {
    from: e.valid_from === null ? undefined : Date.parse(e.valid_from),
    until: e.valid_until === null ? undefined : Date.parse(e.valid_until),
  };
}
