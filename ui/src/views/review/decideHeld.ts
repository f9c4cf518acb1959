// Approves or rejects held writes, from the review queue or the inspector: one bulk change (one
// action in the log, so one undo takes the whole decision back) and a toast offering that undo.
import { getApi } from '../../api';
import type { BulkReport } from '../../api/types';
import { dropFromMulti, refuseInPast, toast, toastError } from '../../state/ui';
import { subjectOf, undoAction } from '../../state/undo';
import { bulkRequest } from '../graph/bulk';
import { decisionChange, decisionLabel, describeDecision, summarizeDecision, type HeldDecision } from './held';
import { keys as itemKeys } from './queue';

/** The review queue, when the decision is made there: its items leave at once, and come back on failure. */
export interface HeldHost {
  dismiss(keys: readonly string[]): void;
  settle(keys: readonly string[], ok: boolean): void;
  report?(message: string): void;
}

/** Decides on the memories; false (after an error toast) when the engine refused. */
export async function decideHeld(ids: readonly string[], d: HeldDecision, host?: HeldHost): Promise<boolean> {
  if (!ids.length || refuseInPast(d === 'approve' ? 'approving' : 'rejecting')) return false;
  const keys = ids.map(itemKeys.held);
  host?.dismiss(keys);
  let report: BulkReport;
  try {
    report = await getApi().bulkEdit(bulkRequest(ids, decisionChange(d)));
  } catch (e) {
    host?.settle(keys, false);
    const err = e as { message?: string; code?: string };
    toastError({ message: err.message ?? String(e), code: err.code, operation: describeDecision(d, ids.length) });
    return false;
  }
  host?.settle(keys, true);
  const { title, detail } = summarizeDecision(d, report);
  host?.report?.(title);
  if (!report.action) {
    toast('info', title, detail);
    return true;
  }
  const label = decisionLabel(d, subjectOf(report.changed[0]), report.changed.length);
  toast('success', title, detail, [{ label: 'Undo', run: () => void undoAction(report.action, label) }]);
  // Rejected memories are forgotten: a selection still holding them would act on them unseen.
  if (d === 'reject') dropFromMulti(ids);
  return true;
}
