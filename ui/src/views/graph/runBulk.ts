// Runs one bulk change of picked memories: one call, one action in the log, and a toast that
// says what changed and offers the one undo that brings every memory back.
import { getApi } from '../../api';
import type { BulkReport } from '../../api/types';
import { dropFromMulti, refuseInPast, toast, toastError } from '../../state/ui';
import { subjectOf, undoAction } from '../../state/undo';
import { describeAction } from '../../state/undoLog';
import { bulkRequest, describeChange, kindOf, summarize, type BulkChange } from './bulk';

/** Changes the memories; false (after an error toast) when the engine refused the whole change. */
export async function runBulk(ids: readonly string[], change: BulkChange): Promise<boolean> {
  if (refuseInPast('changing several memories')) return false;
  let report: BulkReport;
  try {
    report = await getApi().bulkEdit(bulkRequest(ids, change));
  } catch (e) {
    // Named by what the person asked for ("Could not move 3 memories to …"), not by the call.
    const err = e as { message?: string; code?: string };
    toastError({ message: err.message ?? String(e), code: err.code, operation: describeChange(change, ids.length) });
    return false;
  }
  const { title, detail } = summarize(change, report);
  if (!report.action) {
    toast('info', title, detail);
    return true;
  }
  const label = describeAction(kindOf(change), subjectOf(report.changed[0]), report.changed.length);
  toast('success', title, detail, [{ label: 'Undo', run: () => void undoAction(report.action, label) }]);
  // Archived and forgotten memories are done with: they leave the selection, which the next
  // action would otherwise silently include.
  if (change.status === 'archived' || change.status === 'forgotten') dropFromMulti(ids);
  return true;
}
