// The feed shows one entry per action (a merge is several recorded operations), headed by the
// operation that says best what the action did. Pure.
import { actionOf } from '../../state/undoLog';

export interface ActionEntry<Op> {
  action: string;
  /** The operation that names the action: see `groupByAction`. */
  head: Op;
  count: number;
}

/**
 * Groups operations (newest first) by action, keeping the order of each action's newest.
 * An action's head is its oldest principal operation (for an add, the memory the writer meant
 * rather than the entities it mentioned, which the log records first); without one, the
 * operation that opened the action (its id is the action's); else the oldest listed.
 */
export function groupByAction<Op extends { id: string; action?: string }>(
  ops: readonly Op[],
  principal: (op: Op) => boolean = () => false,
): ActionEntry<Op>[] {
  const out: ActionEntry<Op>[] = [];
  const at = new Map<string, ActionEntry<Op>>();
  const rank = (op: Op, action: string) => (principal(op) ? 2 : op.id === action ? 1 : 0);
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
    // Newest first, so a later one in the list is older: it heads unless it ranks lower.
    if (rank(op, action) >= rank(entry.head, action)) entry.head = op;
  }
  return out;
}
