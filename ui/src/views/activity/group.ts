// The feed shows one entry per action (a merge is several recorded operations), headed by the
// operation that opened it. Pure.
import { actionOf } from '../../state/undoLog';

export interface ActionEntry<Op> {
  action: string;
  /** The operation that names the action: its first (its id is the action's), else the oldest listed. */
  head: Op;
  count: number;
}

/** Groups operations (newest first) by action, keeping the order of each action's newest. */
export function groupByAction<Op extends { id: string; action?: string }>(ops: readonly Op[]): ActionEntry<Op>[] {
  const out: ActionEntry<Op>[] = [];
  const at = new Map<string, ActionEntry<Op>>();
  for (const op of ops) {
    const action = actionOf(op);
    const entry = at.get(action);
    if (!entry) {
      const e = { action, head: op, count: 1 };
      at.set(action, e);
      out.push(e);
      continue;
    }
    entry.count++;
    // Newest first, so a later one in the list is older: it heads until the action's own appears.
    if (entry.head.id !== action) entry.head = op;
  }
  return out;
}
