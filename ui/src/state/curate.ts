// The curation dialogs (merge, supersede): which one is open, on what, and who to tell when it is
// done. Opened from the review queue, the inspector and the graph's multi-selection alike.
import type { Memory, Superseded } from '../api/types';
import { createStore } from './store';
import { refuseInPast } from './ui';

export interface MergeTask {
  /** Every memory to merge, in the order they were picked. */
  ids: readonly string[];
  onMerged?(survivor: Memory): void;
}

export interface SupersedeTask {
  /** The memory that no longer holds. */
  id: string;
  onDone?(result: Superseded): void;
}

export interface CurateState {
  merge: MergeTask | null;
  supersede: SupersedeTask | null;
}

export const curate = createStore<CurateState>({ merge: null, supersede: null });

export function openMerge(ids: readonly string[], onMerged?: (survivor: Memory) => void): void {
  const unique = [...new Set(ids)];
  if (unique.length < 2 || refuseInPast('merging')) return;
  curate.set({ merge: { ids: unique, onMerged }, supersede: null });
}

export function closeMerge(): void {
  curate.set({ merge: null });
}

export function openSupersede(id: string, onDone?: (result: Superseded) => void): void {
  if (refuseInPast('superseding')) return;
  curate.set({ supersede: { id, onDone }, merge: null });
}

export function closeSupersede(): void {
  curate.set({ supersede: null });
}
