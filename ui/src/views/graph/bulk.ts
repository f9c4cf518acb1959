// Changing a selection of memories at once: what the selection allows, what a change is called
// before and after, and tags as a person types them. Pure.
import type { BulkEdit, BulkReport, Memory, OperationKind } from '../../api/types';

/** A bulk change without its memories. */
export type BulkChange = Omit<BulkEdit, 'ids'>;

/** A complete request: the generated type marks the fields optional or nullable; the server reads null as absent. */
export function bulkRequest(ids: readonly string[], change: BulkChange): BulkEdit {
  return { status: null, pinned: null, space: null, ...change, ids: [...ids], add_tags: change.add_tags ?? [], remove_tags: change.remove_tags ?? [] };
}

/** How the log records each memory's change, so that the undo can be named like Ctrl+Z names it. */
export function kindOf(change: BulkChange): OperationKind {
  if (change.status === 'archived') return 'archive';
  if (change.status === 'forgotten') return 'forget';
  if (change.status === 'active') return 'restore';
  const tagsOrSpace = (change.add_tags?.length ?? 0) + (change.remove_tags?.length ?? 0) > 0 || change.space != null;
  if (change.pinned != null && !tagsOrSpace) return 'pin';
  return 'update';
}

export function memories(n: number): string {
  return `${n} ${n === 1 ? 'memory' : 'memories'}`;
}

const hashed = (tags: readonly string[]) => tags.map((t) => `#${t}`).join(' ');

interface Wording {
  /** "archive 3 memories": what failed, in an error toast. */
  present(n: number): string;
  /** "Archived 3 memories". */
  past(n: number): string;
  /** What the unchanged ones were already: "archived". */
  already: string;
}

function wording(change: BulkChange): Wording {
  const add = change.add_tags ?? [];
  const remove = change.remove_tags ?? [];
  if (change.status === 'archived') return { present: (n) => `archive ${memories(n)}`, past: (n) => `Archived ${memories(n)}`, already: 'archived' };
  if (change.status === 'forgotten') return { present: (n) => `forget ${memories(n)}`, past: (n) => `Forgot ${memories(n)}`, already: 'forgotten' };
  if (change.status === 'active') return { present: (n) => `restore ${memories(n)}`, past: (n) => `Restored ${memories(n)}`, already: 'active' };
  if (change.space != null) {
    const to = `to “${change.space}”`;
    return { present: (n) => `move ${memories(n)} ${to}`, past: (n) => `Moved ${memories(n)} ${to}`, already: `in “${change.space}”` };
  }
  if (add.length && remove.length) {
    return {
      present: (n) => `retag ${memories(n)}`,
      past: (n) => `Retagged ${memories(n)}: ${add.map((t) => `+#${t}`).join(' ')} ${remove.map((t) => `−#${t}`).join(' ')}`,
      already: 'tagged so',
    };
  }
  if (add.length) return { present: (n) => `tag ${memories(n)}`, past: (n) => `Tagged ${memories(n)} ${hashed(add)}`, already: 'tagged so' };
  if (remove.length) {
    return { present: (n) => `untag ${memories(n)}`, past: (n) => `Removed ${hashed(remove)} from ${memories(n)}`, already: 'without those tags' };
  }
  if (change.pinned === true) return { present: (n) => `pin ${memories(n)}`, past: (n) => `Pinned ${memories(n)}`, already: 'pinned' };
  if (change.pinned === false) return { present: (n) => `unpin ${memories(n)}`, past: (n) => `Unpinned ${memories(n)}`, already: 'unpinned' };
  return { present: (n) => `change ${memories(n)}`, past: (n) => `Changed ${memories(n)}`, already: 'as asked' };
}

/** "archive 3 memories": the change before it is made (an error says this failed). */
export function describeChange(change: BulkChange, n: number): string {
  return wording(change).present(n);
}

/** What a finished change says: "Archived 3 memories", and how many were so already. */
export function summarize(change: BulkChange, report: Pick<BulkReport, 'changed' | 'unchanged'>): { title: string; detail?: string } {
  const w = wording(change);
  const n = report.changed.length;
  const m = report.unchanged.length;
  if (n === 0) {
    return { title: 'Nothing to change', detail: m === 1 ? `The memory was ${w.already} already.` : `All ${m} were ${w.already} already.` };
  }
  return { title: w.past(n), detail: m ? `${m} ${m === 1 ? 'was' : 'were'} ${w.already} already.` : undefined };
}

export interface TagCount {
  tag: string;
  /** How many of the selection carry it. */
  count: number;
}

export interface SelectionFacts {
  /** Memories still on the graph (a picked one may have been removed meanwhile). */
  found: number;
  /** Some are not active (archived, forgotten…): Restore applies. Held ones are not counted. */
  anyInactive: boolean;
  /** Some are held for review: Approve applies (to those). */
  held: string[];
  /** Some are forgotten: Purge applies (to those only). */
  forgotten: string[];
  allArchived: boolean;
  allForgotten: boolean;
  allPinned: boolean;
  /** The selection's tags, the most shared first. */
  tags: TagCount[];
  /** The spaces the selection is in. */
  spaces: string[];
}

/** What the selected memories have in common, for what the selection bar offers. */
type Facts = Pick<Memory, 'status' | 'pinned' | 'tags' | 'space'> & { id?: string };

export function selectionFacts(ms: readonly (Facts | undefined)[]): SelectionFacts {
  const found = ms.filter((m): m is Facts => !!m);
  const tagCounts = new Map<string, number>();
  for (const m of found) for (const t of new Set(m.tags)) tagCounts.set(t, (tagCounts.get(t) ?? 0) + 1);
  const all = (f: (m: (typeof found)[number]) => boolean) => found.length > 0 && found.every(f);
  return {
    found: found.length,
    // A held memory is decided (approved or rejected), not restored: restoring one would let it in unremarked.
    anyInactive: found.some((m) => m.status !== 'active' && m.status !== 'pending'),
    held: found.flatMap((m) => (m.status === 'pending' && m.id ? [m.id] : [])),
    forgotten: found.flatMap((m) => (m.status === 'forgotten' && m.id ? [m.id] : [])),
    allArchived: all((m) => m.status === 'archived'),
    allForgotten: all((m) => m.status === 'forgotten'),
    allPinned: all((m) => m.pinned),
    tags: [...tagCounts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag)),
    spaces: [...new Set(found.map((m) => m.space))].sort(),
  };
}

/**
 * Tags as typed ("#Launch, q3 review"): separated by commas or spaces, without `#`, lower case,
 * each once, as the engine stores them (it would normalise them the same way).
 */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[,\s]+/)) {
    const t = raw.replace(/^#+/, '').trim().toLowerCase();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** The spaces to offer for a move, the typed text matching first; and whether the text names a new one. */
export function spaceChoices(spaces: readonly string[], typed: string): { matches: string[]; create: string | null } {
  const q = typed.trim();
  const lower = q.toLowerCase();
  const sorted = [...new Set(spaces)].sort((a, b) => a.localeCompare(b));
  if (!q) return { matches: sorted, create: null };
  const hits = sorted.filter((s) => s.toLowerCase().includes(lower));
  // Names that start with the text first, then the others that contain it.
  hits.sort((a, b) => Number(!a.toLowerCase().startsWith(lower)) - Number(!b.toLowerCase().startsWith(lower)));
  const exact = sorted.some((s) => s === q);
  return { matches: hits, create: exact ? null : q };
}
