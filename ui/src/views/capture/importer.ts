// Importing a JSONL file: one entry for the dialog (desktop), the file input and drag-and-drop (browser).
import { getApi, isTauri, type ImportSource } from '../../api';
import { model } from '../../state/model';
import { toast, toastError, ui } from '../../state/ui';

export async function importSource(source: ImportSource, space: string | null = null): Promise<void> {
  if (ui.get().importing) {
    toast('info', 'An import is already running');
    return;
  }
  const label = source.kind === 'file' ? source.file.name : source.path.split(/[\\/]/).pop() ?? source.path;
  ui.set({ importing: { label, done: 0, total: 0, unit: 'bytes' } });
  try {
    const report = await getApi().importFile(source, space, (p) =>
      ui.set({
        importing:
          p.phase === 'upload'
            ? { label: `Uploading ${label}`, done: p.done, total: p.total, unit: 'bytes' }
            : { label: `${label}: ${p.stage}`, done: p.done, total: p.total, unit: 'lines' },
      }),
    );
    toast(
      'success',
      `Imported ${label}`,
      `${report.added} added, ${report.unchanged} unchanged of ${report.lines} lines · ${report.entities_created} entities · ${report.edges_created} links`,
    );
    // Deltas bring the new memories; if they were many, a fresh snapshot is cheaper than catching up.
    if (report.added > 5000) void model.load();
  } catch (e) {
    toastError(e, `import ${label}`);
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
