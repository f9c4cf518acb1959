// UI state shared across views: selection, panels, filters, the retrieval path overlay, toasts.
import type { MemoryKind } from '../api/types';
import type { PathOverlay } from '../retrieval/pathOverlay';
import { parseStoredSelection } from './spaceSelection';
import { createStore } from './store';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type SizeMode = 'degree' | 'importance';
export type PanelTab = 'memory' | 'retrieval' | 'activity' | 'review' | 'lab';
/** Which question the timeline's "as of" asks: what was true then, or what Mnemo knew then. */
export type AsOfMode = 'true' | 'known';

/** The graph as Mnemo knew it at `at` (ms since the epoch); `loading` while it is fetched. */
export interface PastView {
  at: number;
  loading: boolean;
}

export interface Filters {
  /**
   * The space switcher's selection (remembered across reloads); empty means every space that is
   * not archived. Empty `kinds` means every kind.
   */
  spaces: readonly string[];
  kinds: readonly MemoryKind[];
  tag: string;
  /** Effective-time range in ms since the epoch, from the timeline brush. */
  time: readonly [number, number] | null;
  /**
   * "True as of" instant (ms): only what was true then shows (validity, else the effective time),
   * links included. What Mnemo *knew* then is another graph: see `UiState.pastView`.
   */
  asOf: number | null;
}

export const NO_FILTERS: Filters = { spaces: [], kinds: [], tag: '', time: null, asOf: null };

/**
 * The filters cleared ("Clear filters"), but for the spaces: which spaces are shown is the
 * switcher's choice, a context rather than a passing filter.
 */
export function clearedFilters(f: Filters): Filters {
  return f.spaces.length ? { ...NO_FILTERS, spaces: f.spaces } : NO_FILTERS;
}

/** The Manage spaces dialog: its list, or its list with the new space form open. */
export type SpacesDialog = 'manage' | 'new';

/** A button on a toast ("Redo", "Undo anyway"); running it dismisses the toast. */
export interface ToastAction {
  label: string;
  run(): void;
}

export interface Toast {
  id: number;
  tone: 'info' | 'success' | 'error';
  title: string;
  detail?: string;
  actions?: readonly ToastAction[];
}

export interface UiState {
  selectedId: string | null;
  /** Memories picked together on the graph (shift-click), for acting on several at once. */
  multi: readonly string[];
  panel: PanelTab;
  panelOpen: boolean;
  theme: ThemeChoice;
  sizeMode: SizeMode;
  /** Show only the k-hop neighbourhood of a memory. */
  focus: { id: string; hops: number } | null;
  filters: Filters;
  path: PathOverlay | null;
  quickAddOpen: boolean;
  paletteOpen: boolean;
  /** The "Connect an agent" settings dialog. */
  connectOpen: boolean;
  /** The space switcher's list, under its button in the top bar. */
  spaceMenuOpen: boolean;
  /** The status bar's store menu: shut, open, or open with the object-storage URI field focused. */
  storeMenu: 'closed' | 'open' | 'remote';
  spacesDialog: SpacesDialog | null;
  timelineOpen: boolean;
  toasts: readonly Toast[];
  /** A running import, for the progress bar. */
  importing: { label: string; done: number; total: number; unit: 'bytes' | 'lines' } | null;
  asOfMode: AsOfMode;
  /**
   * Set while the explorer shows what Mnemo knew at an earlier instant: the view is READ-ONLY.
   * Every editing action (inspector edits, bulk actions, quick add, import, merge, undo) must be
   * off while it is not null; `refuseInPast` says so for actions started elsewhere.
   */
  pastView: PastView | null;
}

function storedTheme(): ThemeChoice {
  try {
    const t = localStorage.getItem('mnemo.theme');
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

const SPACES_KEY = 'mnemo.spaces';

function storedSpaces(): string[] {
  try {
    return parseStoredSelection(localStorage.getItem(SPACES_KEY));
  } catch {
    return [];
  }
}

export const ui = createStore<UiState>({
  selectedId: null,
  multi: [],
  panel: 'memory',
  panelOpen: false,
  theme: typeof localStorage === 'undefined' ? 'system' : storedTheme(),
  sizeMode: 'degree',
  focus: null,
  filters: typeof localStorage === 'undefined' ? NO_FILTERS : { ...NO_FILTERS, spaces: storedSpaces() },
  path: null,
  quickAddOpen: false,
  paletteOpen: false,
  connectOpen: false,
  spaceMenuOpen: false,
  storeMenu: 'closed',
  spacesDialog: null,
  timelineOpen: true,
  toasts: [],
  importing: null,
  asOfMode: 'true',
  pastView: null,
});

// The switcher's selection is remembered: the app opens on the spaces it was left on.
if (typeof localStorage !== 'undefined') {
  let saved = ui.get().filters.spaces;
  ui.subscribe(() => {
    const now = ui.get().filters.spaces;
    if (now === saved) return;
    saved = now;
    try {
      localStorage.setItem(SPACES_KEY, JSON.stringify(now));
    } catch {
      // Storage can be disabled: the selection still holds for this session.
    }
  });
}

let toastId = 0;

export function toast(tone: Toast['tone'], title: string, detail?: string, actions?: readonly ToastAction[]): void {
  const id = ++toastId;
  ui.set((s) => ({ toasts: [...s.toasts, { id, tone, title, detail, actions }].slice(-4) }));
  // A toast that offers something stays long enough to take it up.
  setTimeout(() => dismissToast(id), tone === 'error' || actions?.length ? 9000 : 4500);
}

export function dismissToast(id: number): void {
  ui.set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

/** Shows a failed call: what failed (the operation) and why (the server's message and code). */
export function toastError(e: unknown, fallbackOperation = 'request', actions?: readonly ToastAction[]): void {
  const err = e as { operation?: string; message?: string; code?: string };
  const where = err.operation ?? fallbackOperation;
  toast('error', `Could not ${where}`, `${err.message ?? String(e)}${err.code ? ` (${err.code})` : ''}`, actions);
}

/** Whether the explorer shows the past, so that nothing may be changed (see `UiState.pastView`). */
export function viewingPast(s: UiState = ui.get()): boolean {
  return s.pastView !== null;
}

/**
 * Stops a change while the past is shown: says why in a toast and returns true (the caller then
 * does nothing). `what` names the action ("undo", "merging").
 */
export function refuseInPast(what: string): boolean {
  if (!viewingPast()) return false;
  toast('info', `Read-only while viewing the past: ${what} is off`, 'Press “Back to now” on the banner to change the memory.');
  return true;
}

export function select(id: string | null): void {
  ui.set(id ? { selectedId: id, panel: 'memory', panelOpen: true, multi: [] } : { selectedId: null, multi: [] });
}

/** Shows a memory (highlighted on the graph, in the inspector when it shows) without leaving the current tab. */
export function highlight(id: string): void {
  ui.set({ selectedId: id });
}

/** Shift-click: adds a memory to the multi-selection, or takes it out. The single selection joins it first. */
export function toggleMulti(id: string): void {
  ui.set((s) => {
    const base = s.multi.length === 0 && s.selectedId && s.selectedId !== id ? [s.selectedId] : [...s.multi];
    const multi = base.includes(id) ? base.filter((x) => x !== id) : [...base, id];
    return { multi, selectedId: multi.length ? multi[multi.length - 1] : null };
  });
}

/**
 * A lasso, or "select all" of a list with Shift: adds memories to the multi-selection (each
 * once, in order). The single selection joins it first, as with shift-click.
 */
export function addMulti(ids: readonly string[]): void {
  if (!ids.length) return;
  ui.set((s) => {
    const base = s.multi.length === 0 && s.selectedId ? [s.selectedId] : s.multi;
    const multi = [...new Set([...base, ...ids])];
    return multi.length === s.multi.length ? {} : { multi };
  });
}

/** "Select all" of a list: the multi-selection becomes these memories. */
export function setMulti(ids: readonly string[]): void {
  ui.set({ multi: [...new Set(ids)] });
}

/**
 * Takes memories out of the multi-selection. The single selection goes with them when it was
 * one of them (shift-click made it the last picked): else the next shift-click would bring it
 * back into a selection the person had cleared.
 */
export function dropFromMulti(ids: Iterable<string>): void {
  const gone = new Set(ids);
  ui.set((s) => {
    const multi = s.multi.filter((id) => !gone.has(id));
    const selectedGoes = s.selectedId !== null && gone.has(s.selectedId) && s.multi.includes(s.selectedId);
    return { multi, selectedId: selectedGoes ? null : s.selectedId };
  });
}

export function clearMulti(): void {
  dropFromMulti(ui.get().multi);
}
