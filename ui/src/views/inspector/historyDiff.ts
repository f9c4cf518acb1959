// What one logged operation changed, field by field, from its before/after JSON: the memory (or
// edge) as it was and as it became. Pure, so the history view only lays it out.

export interface FieldChange {
  field: string;
  /** The values as text; `null` where the field had none. */
  before: string | null;
  after: string | null;
  /** For lists: what joined and what left, which reads better than two whole lists. */
  added?: string[];
  removed?: string[];
}

/** Bookkeeping that changes with every write and says nothing about the content. */
const SKIP = new Set(['id', 'updated_at', 'version', 'embedder', 'access_count', 'last_accessed_at']);

/** The row an operation recorded: a memory or an edge, or for an add `{ memory, edges }`. */
export function rowOf(doc: unknown): Record<string, unknown> | null {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return null;
  const o = doc as Record<string, unknown>;
  if (o.memory && typeof o.memory === 'object' && !('id' in o)) return o.memory as Record<string, unknown>;
  return o;
}

/** A value in a few words: lists joined, booleans as yes/no, numbers rounded. */
export function formatValue(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ') : null;
  return JSON.stringify(v);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** A memory's own fields: a change there is told per property, as `properties.<name>`. */
const PROPERTIES = 'properties';
export const PROPERTY_PREFIX = `${PROPERTIES}.`;

const isMap = (v: unknown): v is Record<string, unknown> => v === null || v === undefined || (typeof v === 'object' && !Array.isArray(v));

function change(field: string, b: unknown, a: unknown): FieldChange {
  const c: FieldChange = { field, before: formatValue(b), after: formatValue(a) };
  if (Array.isArray(b) || Array.isArray(a)) {
    const bs = (Array.isArray(b) ? b : []).map(String);
    const as = (Array.isArray(a) ? a : []).map(String);
    c.added = as.filter((x) => !bs.includes(x));
    c.removed = bs.filter((x) => !as.includes(x));
  }
  return c;
}

/** The keys of two rows whose values differ, in the order the newer lists them, then the gone ones. */
function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>, skip?: Set<string>): string[] {
  const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))];
  return keys.filter((k) => !skip?.has(k) && !same(before[k], after[k]));
}

/**
 * The fields whose value differs between before and after, in the order the row lists them; a
 * memory's properties one by one (`properties.status`), a property added or removed going from or
 * to nothing. An operation that created or removed the row (one side absent) changes no field: the
 * history says "added" or "removed" instead.
 */
export function fieldChanges(beforeDoc: unknown, afterDoc: unknown): FieldChange[] {
  const before = rowOf(beforeDoc);
  const after = rowOf(afterDoc);
  if (!before || !after) return [];
  const out: FieldChange[] = [];
  for (const field of changedKeys(before, after, SKIP)) {
    const b = before[field];
    const a = after[field];
    if (field === PROPERTIES && isMap(b) && isMap(a)) {
      const bp = b ?? {};
      const ap = a ?? {};
      for (const k of changedKeys(bp, ap)) out.push(change(PROPERTY_PREFIX + k, bp[k], ap[k]));
      continue;
    }
    out.push(change(field, b, a));
  }
  return out;
}

/** Cuts a long value for a one-line view, at a word where one is near. */
export function clip(s: string, max = 80): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/**
 * The space a memory moved to, when moving is all an update did (a space renamed moves its
 * memories; so does a person choosing another space): the history calls that a move, not an edit.
 */
export function moveOf(kind: string, changes: readonly FieldChange[]): string | null {
  if (kind !== 'update' || changes.length !== 1 || changes[0].field !== 'space') return null;
  return changes[0].after;
}
