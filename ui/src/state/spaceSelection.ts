// The space switcher's selection, purely: which spaces the explorer shows (none picked: every
// space but the archived ones), how it follows renames and deletes, and how it reads.
import { DEFAULT_SPACE, type SpaceBook } from './spaceBook';

/** Picked spaces, in the order picked; empty means "All spaces". */
export type Selection = readonly string[];

/** Adds a space to the selection, or takes it out. */
export function toggleSpace(sel: Selection, name: string): string[] {
  return sel.includes(name) ? sel.filter((s) => s !== name) : [...sel, name];
}

/** A rename keeps a picked space picked, under its new name (once, if both were picked). */
export function renameInSelection(sel: Selection, from: string, to: string): Selection {
  if (!sel.includes(from)) return sel;
  return [...new Set(sel.map((s) => (s === from ? to : s)))];
}

/** Takes deleted spaces out; the same selection when none was picked. */
export function dropFromSelection(sel: Selection, names: readonly string[]): Selection {
  return sel.some((s) => names.includes(s)) ? sel.filter((s) => !names.includes(s)) : sel;
}

/** Keeps the spaces the book has (a remembered one may be gone); the same selection when all are. */
export function pruneSelection(sel: Selection, book: SpaceBook): Selection {
  return sel.every((s) => book.has(s)) ? sel : sel.filter((s) => book.has(s));
}

export function sameSelection(a: Selection, b: Selection): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

/**
 * Whether the explorer shows a memory of `space`: a picked space, or with nothing picked any
 * space that is not archived (archived ones show only when picked).
 */
export function showsSpace(space: string, sel: Selection, archived: ReadonlySet<string>): boolean {
  return sel.length ? sel.includes(space) : !archived.has(space);
}

/** What the switcher's button says: "All spaces", "work", "work + 2 more". */
export function selectionLabel(sel: Selection): string {
  if (sel.length === 0) return 'All spaces';
  if (sel.length === 1) return sel[0];
  return `${sel[0]} + ${sel.length - 1} more`;
}

/** Where quick add puts a memory unless told: the one picked space, if it takes memories; else the default. */
export function quickAddDefault(sel: Selection, book: SpaceBook): string {
  if (sel.length !== 1) return DEFAULT_SPACE;
  const s = book.get(sel[0]);
  return s && !s.archived ? s.name : DEFAULT_SPACE;
}

/** Reads a remembered selection, whatever was stored. */
export function parseStoredSelection(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? [...new Set(v.filter((s): s is string => typeof s === 'string' && s.trim() !== ''))] : [];
  } catch {
    return [];
  }
}
