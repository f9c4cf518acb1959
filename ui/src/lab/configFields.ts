// Every field of a retrieval configuration, as the editor shows it: its group, a label, what it
// means in a line, its kind and the bounds the server checks (CONFIG_BOUNDS). Reading and writing a
// field by its dotted path, and checking a value, are here too, free of React.
import { CONFIG_BOUNDS, EDGE_KINDS, type SolidConfig } from '../api/types';

export type GroupId = 'candidates' | 'fusion' | 'expansion' | 'rerank';
export type FieldKind = 'int' | 'float' | 'bool' | 'fusion';

export interface ConfigGroup {
  id: GroupId;
  title: string;
  meaning: string;
}

export interface ConfigField {
  /** Dotted path into the configuration, as CONFIG_BOUNDS names it. */
  path: string;
  group: GroupId;
  label: string;
  /** What the field does, in one line. */
  meaning: string;
  kind: FieldKind;
  /** Step of the number input. */
  step?: number;
}

export const CONFIG_GROUPS: readonly ConfigGroup[] = [
  { id: 'candidates', title: 'Candidates', meaning: 'How deep each channel searches before fusion' },
  { id: 'fusion', title: 'Fusion', meaning: 'How the vector and keyword channels are combined into one ranking' },
  { id: 'expansion', title: 'Graph expansion', meaning: 'A walk through the links from the top fused memories, to find what the text missed' },
  { id: 'rerank', title: 'Re-rank', meaning: 'How the final score mixes its signals (each in 0..1)' },
];

export const CONFIG_FIELDS: readonly ConfigField[] = [
  { path: 'vector_k', group: 'candidates', label: 'Vector depth', meaning: 'Candidates taken from the vector (embedding) nearest-neighbour search', kind: 'int', step: 5 },
  { path: 'keyword_k', group: 'candidates', label: 'Keyword depth', meaning: 'Candidates taken from the keyword (BM25) search', kind: 'int', step: 5 },
  { path: 'fusion', group: 'fusion', label: 'Method', meaning: 'score: normalised scores summed, so a confident match counts more; rrf: only ranks count', kind: 'fusion' },
  { path: 'vector_weight', group: 'fusion', label: 'Vector weight', meaning: 'How much the vector channel counts in the fused relevance', kind: 'float', step: 0.05 },
  { path: 'keyword_weight', group: 'fusion', label: 'Keyword weight', meaning: 'How much the keyword channel counts in the fused relevance', kind: 'float', step: 0.05 },
  { path: 'rrf_k', group: 'fusion', label: 'RRF constant', meaning: 'Reciprocal-rank fusion: higher flattens the gap between ranks (rrf only)', kind: 'float', step: 1 },
  { path: 'expansion.enabled', group: 'expansion', label: 'Enabled', meaning: 'Walk the graph from the seeds; off, results come from text search alone', kind: 'bool' },
  { path: 'seeds', group: 'expansion', label: 'Seeds', meaning: 'The top fused candidates the walk starts from', kind: 'int', step: 1 },
  { path: 'expansion.hops', group: 'expansion', label: 'Hops', meaning: 'Longest path from a seed, in links', kind: 'int', step: 1 },
  { path: 'expansion.restart', group: 'expansion', label: 'Restart', meaning: 'Restart probability of the walk: higher stays closer to the seeds', kind: 'float', step: 0.05 },
  { path: 'expansion.iterations', group: 'expansion', label: 'Iterations', meaning: 'Steps of the personalised PageRank walk', kind: 'int', step: 1 },
  { path: 'expansion.max_new', group: 'expansion', label: 'Max new', meaning: 'Memories reached only through the graph that may join the candidates', kind: 'int', step: 1 },
  { path: 'expansion.min_activation', group: 'expansion', label: 'Min activation', meaning: 'Activation below this share of the strongest seed’s is ignored', kind: 'float', step: 0.01 },
  { path: 'expansion.entities_as_results', group: 'expansion', label: 'Entities as results', meaning: 'Let entity hubs reached only through links be results (they collect activation from all that mention them)', kind: 'bool' },
  { path: 'rerank.relevance', group: 'rerank', label: 'Relevance', meaning: 'Weight of the fused text relevance', kind: 'float', step: 0.05 },
  { path: 'rerank.graph', group: 'rerank', label: 'Graph', meaning: 'Weight of graph activation', kind: 'float', step: 0.05 },
  { path: 'rerank.recency', group: 'rerank', label: 'Recency', meaning: 'Weight of how recent a memory is', kind: 'float', step: 0.05 },
  { path: 'rerank.recency_half_life_days', group: 'rerank', label: 'Recency half-life', meaning: 'Days after which the recency signal halves', kind: 'float', step: 1 },
  { path: 'rerank.importance', group: 'rerank', label: 'Importance', meaning: 'Weight of the memory’s importance', kind: 'float', step: 0.05 },
  { path: 'rerank.pinned', group: 'rerank', label: 'Pinned', meaning: 'Added to a pinned memory’s score', kind: 'float', step: 0.05 },
  { path: 'rerank.reply', group: 'rerank', label: 'Reply', meaning: 'A memory that asks a question (“How did the kids take it?”) is answered by the next in its session: that reply scores at least this share of the question’s score (0 turns it off)', kind: 'float', step: 0.05 },
  { path: 'rerank.date', group: 'rerank', label: 'Named time', meaning: 'Added when the query names a time (“on October 13, 2023”, “in July”, “last week”) and the memory’s time falls in it', kind: 'float', step: 0.05 },
];

/** The edge-kind weights' path prefix; each kind is `expansion.edge_weights.<kind>`. */
export const EDGE_WEIGHTS = 'expansion.edge_weights';
export const EDGE_WEIGHTS_MEANING = 'How far activation flows along each kind of link (0 blocks the kind)';

const EDGE_MEANING: Record<string, string> = {
  next: 'order in time within a session',
  mentions: 'a memory to the entities it mentions',
  similar: 'found alike by embedding',
  near_duplicate: 'flagged as nearly the same',
  derived_from: 'a summary to its sources',
  supersedes: 'a newer statement to the one it replaces',
  contradicts: 'two statements at odds',
  related: 'linked by a person or an agent',
};

/** A line about an edge kind (a custom label gets a generic one). */
export function edgeKindMeaning(kind: string): string {
  return EDGE_MEANING[kind] ?? 'a custom link label';
}

/** The least and greatest value of a numeric field, as the server checks it; null for others. */
export function boundsOf(path: string): { min: number; max: number } | null {
  const key = path.startsWith(`${EDGE_WEIGHTS}.`) ? `${EDGE_WEIGHTS}.*` : path;
  const b = CONFIG_BOUNDS.find(([p]) => p === key);
  return b ? { min: b[1], max: b[2] } : null;
}

/** The edge kinds the editor offers: every built-in kind, then the configuration's own labels. */
export function edgeWeightKeys(c: SolidConfig): string[] {
  const extra = Object.keys(c.expansion.edge_weights ?? {})
    .filter((k) => !(EDGE_KINDS as readonly string[]).includes(k))
    .sort();
  return [...EDGE_KINDS, ...extra];
}

/** The value at a dotted path (edge-kind keys may hold dots: everything after the prefix is the key). */
export function getAt(c: SolidConfig, path: string): unknown {
  if (path.startsWith(`${EDGE_WEIGHTS}.`)) {
    const w = c.expansion.edge_weights?.[path.slice(EDGE_WEIGHTS.length + 1)];
    return w ?? 0;
  }
  let v: unknown = c;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

/** A copy of the configuration with one field changed; the original is left alone. */
export function setAt(c: SolidConfig, path: string, value: unknown): SolidConfig {
  if (path.startsWith(`${EDGE_WEIGHTS}.`)) {
    const key = path.slice(EDGE_WEIGHTS.length + 1);
    return { ...c, expansion: { ...c.expansion, edge_weights: { ...c.expansion.edge_weights, [key]: value as number } } };
  }
  const parts = path.split('.');
  const write = (obj: Record<string, unknown>, i: number): Record<string, unknown> => ({
    ...obj,
    [parts[i]]: i === parts.length - 1 ? value : write((obj[parts[i]] ?? {}) as Record<string, unknown>, i + 1),
  });
  return write(c as unknown as Record<string, unknown>, 0) as unknown as SolidConfig;
}

const isInt = (path: string) => CONFIG_FIELDS.find((f) => f.path === path)?.kind === 'int';

/** What is wrong with a value for a field, as the server would say it; null when it is fine. */
export function valueError(path: string, value: unknown): string | null {
  const b = boundsOf(path);
  if (!b) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
  if (value < b.min || value > b.max) return `must be within ${b.min}…${b.max}`;
  if (isInt(path) && !Number.isInteger(value)) return 'must be a whole number';
  return null;
}

/** Every path the editor shows for a configuration, edge kinds included. */
export function allPaths(c: SolidConfig): string[] {
  return [...CONFIG_FIELDS.map((f) => f.path), ...edgeWeightKeys(c).map((k) => `${EDGE_WEIGHTS}.${k}`)];
}

/** Every field outside its bounds, with what is wrong. */
export function configErrors(c: SolidConfig): { path: string; message: string }[] {
  return allPaths(c)
    .map((path) => ({ path, message: valueError(path, getAt(c, path)) }))
    .filter((e): e is { path: string; message: string } => e.message !== null);
}

/** The paths whose values differ between two configurations. */
export function changedPaths(a: SolidConfig, b: SolidConfig): string[] {
  const paths = new Set([...allPaths(a), ...allPaths(b)]);
  return [...paths].filter((p) => getAt(a, p) !== getAt(b, p));
}

/** Names the server keeps for itself, or that would read as something else on a trace. */
export const RESERVED_NAMES = ['standard', 'custom'] as const;

/** What is wrong with a name for a new configuration; null when it may be saved. */
export function nameError(name: string, taken: readonly string[], current: string | null = null): string | null {
  const n = name.trim();
  if (!n) return 'Give it a name';
  if (n.length > 256) return 'At most 256 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(n)) return 'No control characters';
  if (n === 'standard') return '“standard” is the built-in configuration';
  if (n === 'custom') return '“custom” names weights given with a query: pick another name';
  if (n !== current && taken.includes(n)) return `“${n}” exists already`;
  return null;
}
