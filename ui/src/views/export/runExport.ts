// Runs an export: the desktop app asks where (a save dialog, or a folder for a vault) and writes
// there; a browser downloads the server's answer through a link. A toast says what was written.
import { getApi } from '../../api';
import { toast, toastError } from '../../state/ui';
import { baseName, exportedMessage, exportFileName, exportRequest, formatInfo, type ExportFormat, type ExportScope } from './exportPlan';

/** Exports; resolves true once written (false if the person cancelled a dialog or it failed). */
export async function runExport(format: ExportFormat, scope: ExportScope, count: number): Promise<boolean> {
  const planned = exportRequest(format, scope);
  if ('problem' in planned) {
    toast('error', 'Nothing to export', planned.problem);
    return false;
  }
  const name = exportFileName(format, scope, new Date());
  const api = getApi();
  try {
    if (api.transport === 'http') {
      const blob = await api.downloadExport(planned.request);
      download(blob, name);
      const msg = exportedMessage(format, name, count, blob.size);
      toast('success', msg.title, msg.detail);
      return true;
    }
    const path = await pickTarget(format, name);
    if (!path) return false;
    const written = await api.writeExport(path, planned.request);
    const msg = exportedMessage(format, baseName(path), count, written);
    toast('success', msg.title, msg.detail);
    return true;
  } catch (e) {
    toastError(e, `export as ${formatInfo(format).label}`);
    return false;
  }
}

/** Desktop: where to write. A vault goes into a folder (new or empty), anything else to a file. */
async function pickTarget(format: ExportFormat, name: string): Promise<string | null> {
  const { open, save } = await import('@tauri-apps/plugin-dialog');
  const info = formatInfo(format);
  if (info.ext === null) {
    const dir = await open({ directory: true, multiple: false, title: 'Choose a new or empty folder for the vault' });
    return typeof dir === 'string' ? dir : null;
  }
  return save({ defaultPath: name, title: `Export as ${info.label}`, filters: [{ name: info.label, extensions: [info.ext] }] });
}

/** Browser: hands the file to the browser's downloads under our name. */
function download(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started by now; the URL only holds the blob in memory.
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}
