// Runs a purge and says what it did: no Undo (nothing is left to bring back), and the purged
// memories leave the inspector and the selection at once; their nodes go with the graph deltas.
import { getApi } from '../../api';
import type { PurgeReport, PurgeRequest } from '../../api/types';
import { model } from '../../state/model';
import { dropFromMulti, refuseInPast, toast, toastError, ui } from '../../state/ui';
import { nameOf, purgedToast } from './purgePlan';

/** Purges; the report, or null (after an error toast) when the engine refused. */
export async function runPurge(request: PurgeRequest): Promise<PurgeReport | null> {
  if (refuseInPast('purging')) return null;
  // Named now: once purged, nothing of them is left to read a title from.
  const names = forgottenNames();
  let report: PurgeReport;
  try {
    report = await getApi().purge(request);
  } catch (e) {
    toastError(e, 'purge');
    return null;
  }
  forgetSelection(report.purged);
  const { title, detail } = purgedToast(report, (id) => names.get(id) ?? 'a memory');
  toast('success', title, detail);
  return report;
}

/** Every forgotten memory's name (only forgotten ones are purged from the UI). */
function forgottenNames(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, m] of model.memories) if (m.status === 'forgotten') out.set(id, nameOf(m));
  return out;
}

function forgetSelection(purged: readonly string[]): void {
  const gone = new Set(purged);
  const selected = ui.get().selectedId;
  if (selected && gone.has(selected)) ui.set({ selectedId: null });
  dropFromMulti(purged);
}
