// The actions of the review queue and the single keys that run them. Pure: which actions an
// item offers and which key means which, so the keyboard and the buttons never disagree. A key
// means one thing everywhere (x turns something away, be it a link or a held write), and no
// item offers two actions on one key.
import type { ReviewItem } from './queue';

export type TriageAction = 'approve' | 'rejectHeld' | 'merge' | 'keepBoth' | 'confirm' | 'reject' | 'supersede' | 'supersedeBack' | 'archive';

export interface ActionInfo {
  /** The key as `KeyboardEvent.key` gives it (an upper-case letter means with Shift). */
  key: string;
  label: string;
  /** What the button's tooltip says the action does. */
  title: string;
  tone?: 'ok' | 'danger';
}

export const ACTIONS: Record<TriageAction, ActionInfo> = {
  approve: { key: 'y', label: 'Approve', title: 'Let it in: it becomes active, and every agent may recall it', tone: 'ok' },
  rejectHeld: { key: 'x', label: 'Reject', title: 'Keep it out: it is forgotten (Undo brings it back)', tone: 'danger' },
  merge: { key: 'm', label: 'Merge…', title: 'Merge them into one: pick the survivor and its text, see the result, confirm' },
  keepBoth: { key: 'b', label: 'Keep both', title: 'They are distinct: keep both and stop flagging them' },
  confirm: { key: 'c', label: 'Confirm', title: 'The link is right: keep it as confirmed', tone: 'ok' },
  reject: { key: 'x', label: 'Reject', title: 'The link is wrong: remove it', tone: 'danger' },
  supersede: { key: 's', label: 'Newer replaces older', title: 'The newer statement holds: it supersedes the older one' },
  supersedeBack: { key: 'S', label: 'Older is right', title: 'The older statement holds: it supersedes the newer one' },
  archive: { key: 'a', label: 'Archive', title: 'Archive it: kept, but out of retrieval and the queue' },
};

/** What an item offers, in the order its buttons show. */
export function actionsFor(item: ReviewItem): TriageAction[] {
  switch (item.section) {
    case 'held':
      return ['approve', 'rejectHeld'];
    case 'duplicates':
      return ['merge', 'keepBoth'];
    case 'links':
      return ['confirm', 'reject'];
    case 'contradictions':
      return ['supersede', 'supersedeBack', 'merge', 'keepBoth'];
    case 'orphans':
    case 'stale':
      return ['archive'];
  }
}

export type Navigation = 'next' | 'previous' | 'first' | 'last' | 'show';

/** A key pressed in the queue: a move, an action the focused item offers, or nothing. */
export function keyCommand(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  item: ReviewItem | null,
): { move: Navigation } | { action: TriageAction } | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return { move: 'next' };
    case 'k':
    case 'ArrowUp':
      return { move: 'previous' };
    case 'Home':
      return { move: 'first' };
    case 'End':
      return { move: 'last' };
    case 'Enter':
    case 'o':
      return item ? { move: 'show' } : null;
  }
  if (!item) return null;
  const action = actionsFor(item).find((a) => ACTIONS[a].key === e.key);
  return action ? { action } : null;
}
