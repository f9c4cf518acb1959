// The export dialog: open or not, and which scope the place that opened it asked for (the
// selection bar and "Export selection…" ask for the selection).
import { createStore } from '../../state/store';
import type { ScopeKind } from './exportPlan';

export const exportDialog = createStore<{ open: boolean; preferred: ScopeKind | null }>({ open: false, preferred: null });

export function openExport(preferred: ScopeKind | null = null): void {
  exportDialog.set({ open: true, preferred });
}

export function closeExport(): void {
  exportDialog.set({ open: false, preferred: null });
}
