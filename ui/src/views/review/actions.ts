// What each triage action does: the calls it makes, and which items leave the queue at once
// (before the engine confirms; they come back if the call fails).
import { getApi } from '../../api';
import type { Memory } from '../../api/types';
import { openMerge } from '../../state/curate';
import { model } from '../../state/model';
import { toastError } from '../../state/ui';
import { decideHeld } from './decideHeld';
import { keysOfMemory, memoriesOf, pairs, type ReviewItem, type Sections } from './queue';
import type { TriageAction } from './triage';

export interface TriageHost {
  all: Sections;
  dismiss(keys: readonly string[]): void;
  settle(keys: readonly string[], ok: boolean): void;
  /** Says what was done, in the queue's status line. */
  report(message: string): void;
}

/** A memory's name for a sentence. */
export function nameOf(id: string, m: Pick<Memory, 'title' | 'text'> | undefined = model.memories.get(id)): string {
  if (!m) return id.slice(0, 8);
  const t = (m.title || m.text).replace(/\s+/g, ' ').trim();
  return `“${t.length > 40 ? `${t.slice(0, 39)}…` : t}”`;
}

export function runTriage(item: ReviewItem, action: TriageAction, host: TriageHost): void {
  if (action === 'approve' || action === 'rejectHeld') {
    // A decision on a held write is a bulk change of one: it toasts with its Undo, like the selection bar's.
    if (item.section === 'held') void decideHeld([item.held.id], action === 'approve' ? 'approve' : 'reject', host);
    return;
  }
  if (action === 'merge') {
    const ids = memoriesOf(item);
    openMerge(ids, (survivor) => {
      const gone = ids.filter((id) => id !== survivor.id).flatMap((id) => keysOfMemory(host.all, id));
      const keys = [item.key, ...gone];
      host.dismiss(keys);
      host.settle(keys, true);
      host.report(`Merged ${ids.length} memories into ${nameOf(survivor.id, survivor)}`);
    });
    return;
  }
  const api = getApi();
  let keys = [item.key];
  let run: () => Promise<unknown>;
  let done: string;
  switch (action) {
    case 'keepBoth': {
      const ids = memoriesOf(item);
      run = () => Promise.all(pairs(ids).map(([a, b]) => api.keepApart({ a, b })));
      done = ids.length > 2 ? `Kept all ${ids.length} apart` : 'Kept both';
      break;
    }
    case 'confirm':
    case 'reject': {
      if (item.section !== 'links') return;
      const id = item.link.edge.id;
      run = action === 'confirm' ? () => api.confirmEdge({ id }) : () => api.unlink({ id });
      done = action === 'confirm' ? 'Link confirmed' : 'Link removed';
      break;
    }
    case 'supersede':
    case 'supersedeBack': {
      if (item.section !== 'contradictions') return;
      // The engine lists the older statement as `a` and the newer as `b`.
      const { a, b } = item.contradiction;
      const [old, by] = action === 'supersede' ? [a, b] : [b, a];
      run = () => api.supersede({ id: old, by, new: null });
      done = `${nameOf(by)} now supersedes ${nameOf(old)}`;
      break;
    }
    case 'archive': {
      if (item.section !== 'orphans' && item.section !== 'stale') return;
      const id = item.id;
      keys = [...new Set([item.key, ...keysOfMemory(host.all, id)])];
      run = () => api.setStatus({ id, status: 'archived' });
      done = `Archived ${nameOf(id)}`;
      break;
    }
  }
  host.dismiss(keys);
  run().then(
    () => {
      host.settle(keys, true);
      host.report(done);
    },
    (e) => {
      host.settle(keys, false);
      toastError(e, 'act on the review item');
    },
  );
}
