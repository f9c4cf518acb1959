// Importing a file (JSONL, chat export) through the dialog (desktop), the file input or drag and
// drop (browser); and, in the desktop app, a Markdown vault from a folder.
import { getApi, isTauri, type ImportPhase, type ImportSource } from '../../api';
import type { ImportReport } from '../../api/types';
import { model } from '../../state/model';
import { refuseInPast, toast, toastError, ui } from '../../state/ui';
import { folderName, importSummary } from './importSummary';

export async function importSource(source: ImportSource, space: string | null = null): Promise<void> {
  const label = source.kind === 'file' ? source.file.name : folderName(source.path);
  await runImport(label, (onProgress) => getApi().importFile(source, space, onProgress));
}

/** Desktop: imports (or imports again) the Markdown vault in a folder, with the same progress and summary. */
export async function importFolder(path: string, space: string | null = null): Promise<void> {
  await runImport(folderName(path), (onProgress) => getApi().importFolder(path, space, onProgress));
}

/**
 * One import at a time, its progress in the status bar and what it did in a toast. Returns the
 * report, or null when it did not run or failed (the toast said why).
 */
async function runImport(label: string, run: (onProgress: (p: ImportPhase) => void) => Promise<ImportReport>): Promise<ImportReport | null> {
  if (ui.get().importing) {
    toast('info', 'An import is already running');
    return null;
  }
  if (refuseInPast('importing')) return null;
  ui.set({ importing: { label, done: 0, total: 0, unit: 'bytes' } });
  try {
    const report = await run((p) =>
      ui.set({
        importing:
          p.phase === 'upload'
            ? { label: `Uploading ${label}`, done: p.done, total: p.total, unit: 'bytes' }
            : { label: `${label}: ${p.stage}`, done: p.done, total: p.total, unit: 'lines' },
      }),
    );
    toast('success', `Imported ${label}`, importSummary(report));
    // Deltas bring the new memories; if they were many, a fresh snapshot is cheaper than catching up.
    if (report.added > 5000) void model.load();
    return report;
  } catch (e) {
    toastError(e, `import ${label}`);
    return null;
  } finally {
    ui.set({ importing: null });
  }
}

/** Desktop: pick a file through the system dialog. Browser: the caller clicks the hidden file input. */
export async function pickAndImport(fileInput: HTMLInputElement | null): Promise<void> {
  if (!isTauri()) {
    fileInput?.click();
    return;
  }
  const { open } = await import('@tauri-apps/plugin-dialog');
  const path = await open({ multiple: false, directory: false, filters: [{ name: 'Memories (JSONL, chat exports, MCP memory)', extensions: ['jsonl', 'ndjson', 'json'] }] });
  if (typeof path === 'string') await importSource({ kind: 'path', path });
}

/** Desktop: the system folder picker; the chosen folder's path, or null if the person cancelled. */
export async function pickFolder(title: string): Promise<string | null> {
  const { open } = await import('@tauri-apps/plugin-dialog');
  const path = await open({ multiple: false, directory: true, title });
  return typeof path === 'string' ? path : null;
}

/** Desktop: pick a folder and import the vault in it. Browser: says how (the CLI). */
export async function pickAndImportFolder(): Promise<void> {
  if (!isTauri()) {
    toast('info', 'Importing a folder is for the desktop app', 'Here, run “mnemo import DIR” in a terminal, on this server’s store (its --db): the notes arrive in this window live.');
    return;
  }
  if (refuseInPast('importing')) return;
  const path = await pickFolder('Import a Markdown folder (vault)');
  if (path) await importFolder(path);
}
