// The spaces of the open store, as the UI keeps them: the engine's records by name, kept current
// by the `space_upserted` / `space_removed` changes of graph deltas. Pure, so it is tested alone.
import type { GraphChange, Space } from '../api/types';

/** Writes that name no space land here; it cannot be renamed, archived or deleted. */
export const DEFAULT_SPACE = 'default';

export type SpaceBook = ReadonlyMap<string, Space>;

/** A space known only by name (a memory is in it, or it is the default one the engine has not recorded yet). */
export function placeholder(name: string): Space {
  return { name, description: '', created_at: '', colour: '', archived: false };
}

/** Every field present: older servers leave out `colour` and `archived`. */
export function normalSpace(s: Space): Space {
  return { ...s, description: s.description ?? '', colour: s.colour ?? '', archived: s.archived ?? false };
}

/**
 * The book from the engine's list, with the spaces memories are in and the default space (always
 * there: it is where a write that names no space goes, even before one has).
 */
export function bookOf(list: readonly Space[], memorySpaces: Iterable<string> = []): Map<string, Space> {
  const book = new Map<string, Space>();
  for (const s of list) book.set(s.name, normalSpace(s));
  for (const name of memorySpaces) if (!book.has(name)) book.set(name, placeholder(name));
  if (!book.has(DEFAULT_SPACE)) book.set(DEFAULT_SPACE, placeholder(DEFAULT_SPACE));
  return book;
}

/** The book with these names added where missing; the same book when none is new. */
export function withSpaces(book: SpaceBook, names: Iterable<string>): SpaceBook {
  let out: Map<string, Space> | null = null;
  for (const name of names) {
    if (book.has(name) || out?.has(name)) continue;
    out ??= new Map(book);
    out.set(name, placeholder(name));
  }
  return out ?? book;
}

export interface SpaceChangesResult {
  book: SpaceBook;
  /** Spaces renamed by this delta, old name → new name. */
  renamed: Array<[string, string]>;
  /** Spaces gone for good (deleted), not counting renamed ones. */
  removed: string[];
  changed: boolean;
}

/**
 * Applies a delta's space changes. A rename arrives as the new space upserted and the old one
 * removed; a delete that moves memories into a new space looks the same, so a rename is told by
 * the space record itself: the new name was unknown and carries the old one's creation time.
 */
export function applySpaceChanges(book: SpaceBook, changes: readonly GraphChange[]): SpaceChangesResult {
  const upserts: Space[] = [];
  const removals: string[] = [];
  for (const c of changes) {
    if (c.type === 'space_upserted') upserts.push(normalSpace(c.space));
    else if (c.type === 'space_removed') removals.push(c.name);
  }
  if (!upserts.length && !removals.length) return { book, renamed: [], removed: [], changed: false };
  const out = new Map(book);
  for (const s of upserts) out.set(s.name, s);
  const renamed: Array<[string, string]> = [];
  const removed: string[] = [];
  for (const name of removals) {
    const was = book.get(name);
    const heir = was?.created_at ? upserts.find((s) => !book.has(s.name) && s.name !== name && s.created_at === was.created_at) : undefined;
    // The default space stays listed whatever happens: writes that name no space go there.
    if (name === DEFAULT_SPACE) out.set(name, placeholder(name));
    else out.delete(name);
    if (heir) renamed.push([name, heir.name]);
    else removed.push(name);
  }
  return { book: out, renamed, removed, changed: true };
}

/** Names in a stable order: alphabetical, the default space first. */
export function spaceNames(book: SpaceBook): string[] {
  return [...book.keys()].sort(byName);
}

export function byName(a: string, b: string): number {
  if (a === DEFAULT_SPACE) return b === DEFAULT_SPACE ? 0 : -1;
  if (b === DEFAULT_SPACE) return 1;
  return a.localeCompare(b, undefined, { sensitivity: 'base' }) || a.localeCompare(b);
}

export function isArchived(book: SpaceBook, name: string): boolean {
  return book.get(name)?.archived === true;
}

/** Archived spaces by name. */
export function archivedSet(book: SpaceBook): ReadonlySet<string> {
  const out = new Set<string>();
  for (const s of book.values()) if (s.archived) out.add(s.name);
  return out;
}

/** How many memories each space holds. */
export function countBySpace(memories: Iterable<{ space: string }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of memories) out.set(m.space, (out.get(m.space) ?? 0) + 1);
  return out;
}

/** "1 memory", "12 memories". */
export function memoriesText(n: number): string {
  return `${n.toLocaleString()} ${n === 1 ? 'memory' : 'memories'}`;
}
