// Relevance judgments as the UI keeps them: which query (text and spaces, as the server keys them)
// a mark belongs to, the marks on one result list, the keys that set them, and the stored set
// kept current after each mark.
import type { JudgedQuery } from '../api/types';

/** The server's key of a judged query: trimmed text and the sorted, distinct spaces. */
export function queryKey(query: string, spaces: readonly string[]): string {
  return JSON.stringify([query.trim(), [...new Set(spaces)].sort()]);
}

export type Mark = boolean;

/** The marks on the results of a query: memory id → relevant (true) or not (false). */
export function marksFor(judged: readonly JudgedQuery[] | null, query: string, spaces: readonly string[]): ReadonlyMap<string, Mark> {
  const key = queryKey(query, spaces);
  const q = judged?.find((j) => queryKey(j.query, j.spaces ?? []) === key);
  const marks = new Map<string, Mark>();
  for (const id of q?.not_relevant ?? []) marks.set(id, false);
  for (const id of q?.relevant ?? []) marks.set(id, true);
  return marks;
}

/**
 * What a key does to the focused result: `r` relevant, `n` not relevant, `0` (or Backspace,
 * Delete) clears; undefined for any other key.
 */
export function markForKey(key: string): Mark | null | undefined {
  switch (key) {
    case 'r':
    case 'R':
      return true;
    case 'n':
    case 'N':
      return false;
    case '0':
    case 'Backspace':
    case 'Delete':
      return null;
    default:
      return undefined;
  }
}

/** The stored set after the server answered a mark: the query replaced (or added, or gone when emptied). */
export function withJudged(all: readonly JudgedQuery[], updated: JudgedQuery): JudgedQuery[] {
  const key = queryKey(updated.query, updated.spaces ?? []);
  const empty = updated.relevant.length === 0 && (updated.not_relevant ?? []).length === 0;
  const rest = all.filter((j) => queryKey(j.query, j.spaces ?? []) !== key);
  return empty ? rest : [...rest, updated];
}

/** The set as a list: newest first. */
export function byRecent(all: readonly JudgedQuery[]): JudgedQuery[] {
  return [...all].sort((a, b) => b.updated_at.localeCompare(a.updated_at));
}

/** How many queries can be evaluated (they need a relevant memory) and how many marks in all. */
export function setSize(all: readonly JudgedQuery[]): { queries: number; usable: number; marks: number } {
  return {
    queries: all.length,
    usable: all.filter((j) => j.relevant.length > 0).length,
    marks: all.reduce((n, j) => n + j.relevant.length + (j.not_relevant ?? []).length, 0),
  };
}
