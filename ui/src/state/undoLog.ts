// Reading undo and redo off the operation log, purely: which action an operation belongs to,
// which actions stand undone, and how to name an action in a sentence.
import type { OperationKind } from '../api/types';

interface Logged {
  id: string;
  /** The action the operation is part of; older logs may leave it empty. */
  action?: string;
  /** For the operations of an undo: the action they reverse. */
  undoes?: string | null;
}

/** The action an operation belongs to (its own id where the log predates actions). */
export function actionOf(op: Logged): string {
  return op.action || op.id;
}

/**
 * For each action that stands undone, the undo that reverses it now. An undo can itself be
 * undone (that is a redo), so an action is undone when some undo of it is not itself undone.
 * Only what the given operations show is known: a page of the log answers for that page.
 */
export function undoneBy(ops: readonly Logged[]): Map<string, string> {
  // Each undo action and the action it reverses; several undos of one action may exist
  // (undo, redo, undo again), each a separate action.
  const undoes = new Map<string, string>();
  for (const op of ops) if (op.undoes) undoes.set(actionOf(op), op.undoes);
  const reversers = new Map<string, string[]>();
  for (const [u, target] of undoes) {
    const list = reversers.get(target);
    if (list) list.push(u);
    else reversers.set(target, [u]);
  }
  const memo = new Map<string, string | null>();
  const standingUndo = (action: string, depth: number): string | null => {
    const known = memo.get(action);
    if (known !== undefined) return known;
    // Undo chains are short; a cycle cannot happen (an undo is newer than what it reverses),
    // but a bound keeps a corrupt log from recursing forever.
    if (depth > 64) return null;
    let found: string | null = null;
    // Newest first: ids sort by time.
    for (const u of [...(reversers.get(action) ?? [])].sort().reverse()) {
      if (standingUndo(u, depth + 1) === null) {
        found = u;
        break;
      }
    }
    memo.set(action, found);
    return found;
  };
  const out = new Map<string, string>();
  for (const action of new Set(ops.map(actionOf))) {
    const u = standingUndo(action, 0);
    if (u) out.set(action, u);
  }
  return out;
}

const NOUN: Record<OperationKind, string> = {
  add: 'addition',
  update: 'edit',
  link: 'new link',
  unlink: 'link removal',
  merge: 'merge',
  supersede: 'supersede',
  pin: 'pin',
  archive: 'archive',
  forget: 'forget',
  restore: 'restore',
  approve: 'approval',
  remove: 'removal',
  purge: 'purge',
  space: 'change to space',
};

/** What an action was about: a memory's name, or a link's two ends. */
export type Subject = { link: boolean; name: string } | null;

/**
 * Kinds whose operations are one memory each, so that an action of several (a bulk change to a
 * selection) changed several memories. Other kinds' actions hold operations of other sorts
 * (a merge moves links), which are no more memories.
 */
const ONE_MEMORY_EACH: ReadonlySet<OperationKind> = new Set(['archive', 'forget', 'restore', 'approve', 'pin', 'update']);

/**
 * "the merge of “Priya”", "the edit of “Atlas launch”", "the removal of the link “A” → “B”";
 * "the archive of “Atlas” and 4 more" for an action of five operations on five memories.
 */
export function describeAction(kind: OperationKind, subject: Subject, operations = 1): string {
  const noun = NOUN[kind] ?? String(kind);
  const others = ONE_MEMORY_EACH.has(kind) && operations > 1 ? operations - 1 : 0;
  if (!subject) return others ? `the ${noun} of ${operations} memories` : `the ${noun}`;
  if (subject.link) {
    if (kind === 'link') return `the new link ${subject.name}`;
    if (kind === 'unlink') return `the removal of the link ${subject.name}`;
    return `the change to the link ${subject.name}`;
  }
  return `the ${noun} of ${subject.name}${others ? ` and ${others} more` : ''}`;
}

/** "3 memories and 2 links changed": what an undo report says it did. */
export function describeReport(r: { memories: readonly string[]; edges: number }): string {
  const parts: string[] = [];
  const m = r.memories.length;
  if (m) parts.push(`${m} ${m === 1 ? 'memory' : 'memories'}`);
  if (r.edges) parts.push(`${r.edges} ${r.edges === 1 ? 'link' : 'links'}`);
  return parts.length ? `${parts.join(' and ')} changed` : 'nothing left to change';
}
