// "Follow a vault" (desktop app): a folder of Markdown notes imported, then followed live, so
// that a note saved in Obsidian or any editor is in the graph within the second. The graph itself
// updates through the delta stream like any other change; this module keeps what the indicator
// shows (the folder, the last sync and its summary, the last failure) and the brief notices.
import { getApi, isTauri } from '../../api';
import type { ImportReport, WatchEvent } from '../../api/types';
import { createStore } from '../../state/store';
import { dismissToast, refuseInPast, toast, toastError, ui } from '../../state/ui';
import { pickFolder } from './importer';
import { addReports, changedAnything, folderName, importSummary, syncNotice } from './importSummary';
import { batchNotices, type NoticeBatch } from './noticeBatch';

export interface VaultFollow {
  /** The folder followed, as the engine resolved it. */
  path: string;
  space: string | null;
  /** True while the first import runs (before the watch is on). */
  starting: boolean;
  /** When the last sync (the first import included) finished, in ms since the epoch. */
  lastSync: number | null;
  /** The last sync that changed something (a save that changed nothing does not replace it). */
  lastChange: { at: number; report: ImportReport } | null;
  /** The last sync's failure (a half-typed front matter, say); cleared by the next good sync. */
  lastError: { message: string; code: string; at: number } | null;
  /**
   * The window was reloaded while the watch ran: the engine still follows the folder and the
   * graph still updates, but this window hears of syncs only through the graph.
   */
  restored: boolean;
}

export const vaultFollow = createStore<{ follow: VaultFollow | null }>({ follow: null });

/** Several syncs within this time make one notice. */
const NOTICE_QUIET_MS = 5000;

// Each start gets a number: events from an earlier watch's channel (stopped, replaced) are ignored.
let generation = 0;
let notices: NoticeBatch<ImportReport> | null = null;

function patch(gen: number, p: Partial<VaultFollow>): void {
  if (gen !== generation) return;
  vaultFollow.set((s) => (s.follow ? { follow: { ...s.follow, ...p } } : {}));
}

/** Turns following on (picking a folder) or off. */
export function toggleFollow(): Promise<void> {
  return vaultFollow.get().follow ? stopFollowing() : pickAndFollow();
}

/** Picks a folder and follows it (replacing a folder followed already). A browser says how instead. */
export async function pickAndFollow(): Promise<void> {
  if (!isTauri()) {
    explainInBrowser();
    return;
  }
  if (refuseInPast('following a vault')) return;
  if (ui.get().importing) {
    toast('info', 'An import is already running');
    return;
  }
  const path = await pickFolder('Follow a vault: choose its folder');
  if (path) await follow(path, null);
}

/** Imports the vault in `path`, then follows it. */
export async function follow(path: string, space: string | null): Promise<void> {
  const gen = ++generation;
  notices?.cancel();
  const batch = batchNotices(addReports, (r) => showSyncNotice(r), NOTICE_QUIET_MS);
  notices = batch;
  const name = folderName(path);
  vaultFollow.set({ follow: { path, space, starting: true, lastSync: null, lastChange: null, lastError: null, restored: false } });
  ui.set({ importing: { label: `Following ${name}: importing`, done: 0, total: 0, unit: 'lines' } });
  try {
    const first = await getApi().watchFolder(path, space, (e) => onEvent(gen, batch, e));
    const at = Date.now();
    patch(gen, { starting: false, lastSync: at, lastChange: { at, report: first } });
    if (gen === generation) toast('success', `Following ${name}`, `${importSummary(first)} · its changes now arrive live`);
  } catch (e) {
    if (gen === generation) {
      vaultFollow.set({ follow: null });
      batch.cancel();
      toastError(e, `follow ${name}`);
    }
  } finally {
    ui.set({ importing: null });
  }
}

function onEvent(gen: number, batch: NoticeBatch<ImportReport>, e: WatchEvent): void {
  if (gen !== generation) return;
  const before = vaultFollow.get().follow;
  if (!before) return;
  if (e.kind === 'synced') {
    const at = Date.now();
    const changed = changedAnything(e.report);
    patch(gen, { starting: false, lastSync: at, lastError: null, ...(changed ? { lastChange: { at, report: e.report } } : {}) });
    // The note was fixed: its error toast, if still up, is old news.
    if (before.lastError) dismissFailure(before.path);
    if (changed) batch.push(e.report);
    return;
  }
  patch(gen, { lastError: { message: e.error.message, code: e.error.code, at: Date.now() } });
  // One toast per failing streak: an editor saving a half-typed front matter every few seconds
  // would otherwise fill the screen. The indicator keeps the latest error.
  if (!before.lastError) toast('error', failureTitle(before.path), `${e.error.message} · the watch goes on; fix the note and save it again`);
}

const failureTitle = (path: string) => `Could not sync ${folderName(path)}`;

function dismissFailure(path: string): void {
  for (const t of ui.get().toasts) if (t.tone === 'error' && t.title === failureTitle(path)) dismissToast(t.id);
}

function showSyncNotice(r: ImportReport): void {
  const f = vaultFollow.get().follow;
  const what = syncNotice(r);
  if (f && what) toast('info', `${folderName(f.path)} synced`, what);
}

/** Stops following; what was imported stays. */
export async function stopFollowing(): Promise<void> {
  const f = vaultFollow.get().follow;
  generation++;
  notices?.cancel();
  notices = null;
  vaultFollow.set({ follow: null });
  if (f) dismissFailure(f.path);
  try {
    await getApi().stopWatching();
    if (f) toast('info', `Stopped following ${folderName(f.path)}`, 'What it imported stays.');
  } catch (e) {
    toastError(e, 'stop following the vault');
  }
}

/** A reloaded window: shows the watch the engine still runs, if any. */
export async function restoreFollowing(): Promise<void> {
  if (!isTauri()) return;
  const gen = ++generation;
  const batch = batchNotices(addReports, (r) => showSyncNotice(r), NOTICE_QUIET_MS);
  try {
    // Attaching also brings this window the watch's later syncs and failures.
    const w = await getApi().watchedFolder((e) => onEvent(gen, batch, e));
    if (w && !vaultFollow.get().follow && gen === generation) {
      notices?.cancel();
      notices = batch;
      vaultFollow.set({ follow: { path: w.path, space: w.space, starting: false, lastSync: null, lastChange: null, lastError: null, restored: true } });
    } else {
      batch.cancel();
    }
  } catch {
    // The indicator is a convenience: without it the watch still runs (and can be turned off
    // by following another folder, which replaces it).
  }
}

/** In a browser the server's machine reads the folder: the CLI follows it. */
export function explainInBrowser(): void {
  toast('info', 'Following a vault is for the desktop app', 'Here, run “mnemo watch DIR” in a terminal, on this server’s store (its --db): every note saved in DIR then arrives in this window live.');
}
