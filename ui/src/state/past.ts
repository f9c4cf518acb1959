// "Known then": the explorer shows the graph as Mnemo knew it at an instant, read back from the
// engine's operation log (`snapshot({ known_at })`). Read-only; the live graph comes back exactly.
import { getApi } from '../api';
import { curate } from './curate';
import { model } from './model';
import { refuseInPast, toastError, ui } from './ui';

/** The slider is read once it rests this long: a drag asks the engine once, not per pixel. */
export const PAST_DEBOUNCE_MS = 300;

let timer: ReturnType<typeof setTimeout> | null = null;
/** Bumped by every request and by the way back: an answer for an older one is dropped. */
let generation = 0;

/** Shows what Mnemo knew at `at` (ms): at once read-only and loading, the graph once fetched. */
export function viewKnownAt(at: number): void {
  const entering = ui.get().pastView === null;
  ui.set((s) => ({
    pastView: { at, loading: true },
    // A selection of now means nothing in the past, and nothing may be changed there.
    ...(entering ? { multi: [], quickAddOpen: false, focus: null } : {}),
    filters: s.filters.asOf === null ? s.filters : { ...s.filters, asOf: null },
  }));
  if (entering) curate.set({ merge: null, supersede: null });
  if (timer !== null) clearTimeout(timer);
  const gen = ++generation;
  timer = setTimeout(() => void fetchPast(at, gen), PAST_DEBOUNCE_MS);
}

async function fetchPast(at: number, gen: number): Promise<void> {
  timer = null;
  try {
    const snap = await getApi().snapshot({ known_at: new Date(at).toISOString() });
    await model.idle();
    if (gen !== generation) return;
    model.showPast(snap);
    ui.set({ pastView: { at, loading: false } });
  } catch (e) {
    if (gen !== generation) return;
    toastError(e, 'read what Mnemo knew then');
    ui.set({ pastView: { at, loading: false } });
  }
}

/** Back to the live graph, as it was left (reloaded if changes arrived meanwhile). */
export function backToNow(): void {
  generation++;
  if (timer !== null) clearTimeout(timer);
  timer = null;
  ui.set({ pastView: null });
  model.showLive();
}

/**
 * Keeps editing closed while the past shows, whoever opens it (a shortcut, the command palette):
 * quick add and the curation dialogs close again at once, with a toast that says why. Returns
 * the unsubscriber.
 */
export function installPastGuards(): () => void {
  const offUi = ui.subscribe(() => {
    const s = ui.get();
    if (s.pastView !== null && s.quickAddOpen) {
      ui.set({ quickAddOpen: false });
      refuseInPast('adding a memory');
    }
  });
  const offCurate = curate.subscribe(() => {
    const c = curate.get();
    if (ui.get().pastView !== null && (c.merge || c.supersede)) {
      curate.set({ merge: null, supersede: null });
      refuseInPast(c.merge ? 'merging' : 'superseding');
    }
  });
  return () => {
    offUi();
    offCurate();
  };
}
