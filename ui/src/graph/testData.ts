// Builders for tests: complete wire objects with overridable fields.
import type { Edge, GraphDelta, GraphChange, Memory } from '../api/types';

export function memory(id: string, fields: Partial<Memory> = {}): Memory {
  return {
    id,
    kind: 'note',
    title: `Title ${id}`,
    text: `Text of ${id}`,
    tags: [],
    space: 'default',
    source: 'user',
    session: null,
    external_id: null,
    occurred_at: null,
    valid_from: null,
    valid_until: null,
    created_at: '2024-05-06T09:30:00Z',
    updated_at: '2024-05-06T09:30:00Z',
    importance: 0.5,
    pinned: false,
    status: 'active',
    access_count: 0,
    last_accessed_at: null,
    embedder: 'test',
    version: 1,
    ...fields,
  };
}

export function edge(id: string, from: string, to: string, fields: Partial<Edge> = {}): Edge {
  return {
    id,
    from,
    to,
    kind: 'related',
    relation: 'related',
    weight: 1,
    valid_from: null,
    valid_until: null,
    provenance: 'test',
    automatic: false,
    confirmed: false,
    created_at: '2024-05-06T09:30:00Z',
    ...fields,
  };
}

export function delta(seq: number, changes: GraphChange[]): GraphDelta {
  return { seq, at: '2024-05-06T09:30:00Z', actor: 'test', changes };
}
