// Global keyboard shortcuts. Single keys only act when the person is not typing.
import { ui } from '../../state/ui';

function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName);
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
    if (e.key === 'Escape') {
      const s = ui.get();
      if (s.paletteOpen) ui.set({ paletteOpen: false });
      else if (s.quickAddOpen) ui.set({ quickAddOpen: false });
      else if (typing(e)) (e.target as HTMLElement).blur();
      else if (s.path) ui.set({ path: null });
      else if (s.focus) ui.set({ focus: null });
      else if (s.panelOpen) ui.set({ panelOpen: false, selectedId: null });
      return;
    }
    if (typing(e) || mod || e.altKey) return;
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
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
