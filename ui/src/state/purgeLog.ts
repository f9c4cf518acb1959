// What a purge leaves in the operation log, read purely: its own entries (kind `purge`, no text)
// and the older entries it redacted (before gone, after only `{ purged, by, at }`). Neither can be
// undone, so the history and the activity feed name them instead of offering an undo.
import type { Operation } from '../api/types';
import { actionOf } from './undoLog';

/** The note a purge leaves in place of a memory or a link: who purged, and when (when redacted later). */
export interface PurgeNote {
  by: string;
  at: string | null;
}

/** The note in a log entry's `after`, or null when the entry holds a memory or a link as usual. */
export function purgeNote(doc: unknown): PurgeNote | null {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return null;
  const o = doc as Record<string, unknown>;
  if (o.purged !== true) return null;
  return { by: typeof o.by === 'string' ? o.by : 'someone', at: typeof o.at === 'string' ? o.at : null };
}

/** `purge`: the purge itself; `redacted`: an entry a purge emptied; `plain`: any other. */
export type EntryState = 'purge' | 'redacted' | 'plain';

type Logged = Pick<Operation, 'kind' | 'before' | 'after'>;

export function entryState(op: Logged): EntryState {
  if (op.kind === 'purge') return 'purge';
  return op.before == null && purgeNote(op.after) ? 'redacted' : 'plain';
}

/** Whether the entry is what a purge left: nothing of it can be brought back. */
export function isPurged(op: Logged): boolean {
  return entryState(op) !== 'plain';
}

/**
 * Actions that cannot be undone because a purge took part of them: the purge's own, and any
 * older one holding an entry it redacted (the engine refuses both with a conflict).
 */
export function permanentActions(ops: readonly (Logged & { id: string; action?: string })[]): Set<string> {
  const out = new Set<string>();
  for (const op of ops) if (isPurged(op)) out.add(actionOf(op));
  return out;
}

/** For each purge action: how many memories it erased (its other entries are the links that went with them). */
export function purgedMemories(ops: readonly (Pick<Operation, 'kind' | 'id'> & { action?: string })[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const op of ops) if (op.kind === 'purge') out.set(actionOf(op), (out.get(actionOf(op)) ?? 0) + 1);
  return out;
}

/**
 * An undo the engine refused because the action touched a purged memory. A conflict usually
 * means "the store moved on" and may be forced; this one never can, as nothing is left. The
 * engine says so only in its message ("… was purged: nothing of it is left to bring back").
 */
export function isPurgeConflict(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  return err?.code === 'conflict' && /\bwas purged\b/.test(err.message ?? '');
}
