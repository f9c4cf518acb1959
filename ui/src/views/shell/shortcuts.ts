// Global keyboard shortcuts. Single keys only act when the person is not typing.
import { curate } from '../../state/curate';
import { purgeDialog } from '../../state/purge';
import { clearMulti, ui } from '../../state/ui';
import { redoLast, undoLast } from '../../state/undo';
import { openSwitcher } from '../spaces/switch';
import { exportDialog } from '../export/exportState';

export function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName);
}

/** A dialog has the keyboard: views' single keys stay quiet. */
export function modalOpen(): boolean {
  const s = ui.get();
  const c = curate.get();
  return s.paletteOpen || s.quickAddOpen || s.connectOpen || s.spacesDialog !== null || s.spaceMenuOpen || s.storeMenu !== 'closed' || c.merge !== null || c.supersede !== null || purgeDialog.get().task !== null || exportDialog.get().open;
}

/** Opens the review queue, or closes it if it is showing. */
export function toggleReview(): void {
  ui.set((s) => ({ panel: 'review', panelOpen: !(s.panelOpen && s.panel === 'review') }));
}

export function installShortcuts(focusSearch: () => void): () => void {
  const onKey = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === 'k') {
      e.preventDefault();
      ui.set((s) => ({ paletteOpen: !s.paletteOpen }));
      return;
    }
    if (mod && e.shiftKey && key === 'n') {
      e.preventDefault();
      ui.set({ quickAddOpen: true });
      return;
    }
    // Undo and redo of the person's own actions; in a text field they stay the field's own.
    if (mod && !e.altKey && (key === 'z' || (key === 'y' && !e.shiftKey)) && !typing(e) && !modalOpen()) {
      e.preventDefault();
      if (key === 'y' || e.shiftKey) void redoLast();
      else void undoLast();
      return;
    }
    if (e.key === 'Escape') {
      const s = ui.get();
      if (s.paletteOpen) ui.set({ paletteOpen: false });
      else if (s.quickAddOpen) ui.set({ quickAddOpen: false });
      else if (typing(e)) (e.target as HTMLElement).blur();
      else if (s.multi.length) clearMulti();
      else if (s.path) ui.set({ path: null });
      else if (s.focus) ui.set({ focus: null });
      else if (s.panelOpen) ui.set({ panelOpen: false, selectedId: null });
      return;
    }
    if (typing(e) || mod || e.altKey || modalOpen()) return;
    if (e.key === '/') {
      e.preventDefault();
      focusSearch();
    } else if (key === 'n') {
      e.preventDefault();
      ui.set({ quickAddOpen: true });
    } else if (key === 'r') {
      ui.set({ panel: 'retrieval', panelOpen: true });
    } else if (key === 't') {
      ui.set((s) => ({ timelineOpen: !s.timelineOpen }));
    } else if (e.key === 'q') {
      e.preventDefault();
      toggleReview();
    } else if (key === 's') {
      e.preventDefault();
      openSwitcher();
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
