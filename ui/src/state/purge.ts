// The purge dialog: which memories it asks about (picked forgotten ones, or every memory forgotten
// long enough ago). Opened from the inspector, the selection bar, the review queue and the palette.
import { createStore } from './store';
import { refuseInPast } from './ui';

export type PurgeTask =
  /** These forgotten memories; `skipped` picked ones are not forgotten and stay. */
  | { kind: 'memories'; ids: readonly string[]; skipped: number }
  /** Every memory forgotten more than some days ago, chosen in the dialog. */
  | { kind: 'forgotten' };

export const purgeDialog = createStore<{ task: PurgeTask | null }>({ task: null });

export function openPurge(ids: readonly string[], skipped = 0): void {
  const unique = [...new Set(ids)];
  if (!unique.length || refuseInPast('purging')) return;
  purgeDialog.set({ task: { kind: 'memories', ids: unique, skipped } });
}

export function openPurgeForgotten(): void {
  if (refuseInPast('purging')) return;
  purgeDialog.set({ task: { kind: 'forgotten' } });
}

export function closePurge(): void {
  purgeDialog.set({ task: null });
}
