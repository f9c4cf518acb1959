// Deciding on held writes (memories waiting as `pending`): the bulk change each decision is, and
// how it is named before and after, in toasts and in the undo that takes it back. Pure.
import type { BulkReport } from '../../api/types';
import type { Subject } from '../../state/undoLog';
import { memories, type BulkChange } from '../graph/bulk';

/** Approve lets a held memory in (active); reject keeps it out (forgotten, so undo can bring it back). */
export type HeldDecision = 'approve' | 'reject';

export function decisionChange(d: HeldDecision): BulkChange {
  return { status: d === 'approve' ? 'active' : 'forgotten' };
}

/** "approve 3 memories": what failed, in an error toast. */
export function describeDecision(d: HeldDecision, n: number): string {
  return `${d} ${memories(n)}`;
}

/** What a finished decision says: "Approved 2 memories", and what it means for agents. */
export function summarizeDecision(d: HeldDecision, report: Pick<BulkReport, 'changed' | 'unchanged'>): { title: string; detail?: string } {
  const n = report.changed.length;
  const m = report.unchanged.length;
  // A memory already decided (another window, an agent's own undo) is left as it is.
  const already = m ? `${m} ${m === 1 ? 'was' : 'were'} decided already.` : '';
  if (n === 0) return { title: 'Nothing to decide', detail: m === 1 ? 'The memory was decided already.' : `All ${m} were decided already.` };
  const meaning =
    d === 'approve'
      ? `${n === 1 ? 'It is' : 'They are'} active now: every agent may recall ${n === 1 ? 'it' : 'them'}.`
      : `${n === 1 ? 'It is' : 'They are'} forgotten: no agent will recall ${n === 1 ? 'it' : 'them'}.`;
  return { title: `${d === 'approve' ? 'Approved' : 'Rejected'} ${memories(n)}`, detail: already ? `${meaning} ${already}` : meaning };
}

/** "the approval of “Standup moved” and 2 more": how the toast's Undo names what it takes back. */
export function decisionLabel(d: HeldDecision, subject: Subject, n: number): string {
  const noun = d === 'approve' ? 'approval' : 'rejection';
  const others = n > 1 ? ` and ${n - 1} more` : '';
  if (!subject || subject.link) return n > 1 ? `the ${noun} of ${memories(n)}` : `the ${noun}`;
  return `the ${noun} of ${subject.name}${others}`;
}
