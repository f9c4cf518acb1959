// What the switcher, the palette and the shortcuts do to the spaces shown, and how the spaces
// dialog opens (not while the past is shown: the past is read-only).
import { toggleSpace } from '../../state/spaceSelection';
import { refuseInPast, ui, type SpacesDialog } from '../../state/ui';

const setSpaces = (f: (sel: readonly string[]) => readonly string[]) =>
  ui.set((s) => ({ filters: { ...s.filters, spaces: f(s.filters.spaces) } }));

/** Shows only this space. */
export function showOnly(name: string): void {
  setSpaces(() => [name]);
}

/** Adds a space to those shown, or takes it out. */
export function toggleShown(name: string): void {
  setSpaces((sel) => toggleSpace(sel, name));
}

/** Every space but the archived ones. */
export function showAll(): void {
  setSpaces(() => []);
}

export function openSwitcher(): void {
  ui.set({ spaceMenuOpen: true, paletteOpen: false });
}

export function openSpacesDialog(mode: SpacesDialog = 'manage'): void {
  if (refuseInPast(mode === 'new' ? 'making a space' : 'managing spaces')) return;
  ui.set({ spacesDialog: mode, spaceMenuOpen: false, paletteOpen: false });
}
