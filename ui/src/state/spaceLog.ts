// Space changes as the operation log records them (kind `space`, before/after holding the space),
// read as sentences: "made space atlas", "renamed space work → atlas", "deleted space old, its
// 3 memories moved to archive". An action may hold several: a delete that moves memories into a
// new space makes that space first. Pure.

interface SpaceDoc {
  name: string;
  created_at?: string;
  description?: string;
  colour?: string;
  archived?: boolean;
}

interface LoggedOp {
  kind: string;
  target: string;
  /** The space the operation leaves its row in (for a moved memory, where it went). */
  space?: string;
  before: unknown;
  after: unknown;
}

export type SpaceChange =
  | { type: 'create'; name: string }
  | { type: 'rename'; from: string; to: string; moved: number }
  | { type: 'archive'; name: string }
  | { type: 'unarchive'; name: string }
  | { type: 'delete'; name: string; movedTo: string | null; moved: number; purged: number }
  | { type: 'describe'; name: string }
  | { type: 'recolour'; name: string }
  | { type: 'change'; name: string };

function doc(v: unknown): SpaceDoc | null {
  return v && typeof v === 'object' && typeof (v as SpaceDoc).name === 'string' ? (v as SpaceDoc) : null;
}

/** What one `space` operation did, from its before and after. */
export function spaceChangeOf(op: Pick<LoggedOp, 'target' | 'before' | 'after'>): SpaceChange {
  const b = doc(op.before);
  const a = doc(op.after);
  if (!b && a) return { type: 'create', name: a.name };
  if (b && !a) return { type: 'delete', name: b.name, movedTo: null, moved: 0, purged: 0 };
  if (!a || !b) return { type: 'change', name: op.target };
  if (a.name !== b.name) return { type: 'rename', from: b.name, to: a.name, moved: 0 };
  if (!!a.archived !== !!b.archived) return { type: a.archived ? 'archive' : 'unarchive', name: a.name };
  if ((a.description ?? '') !== (b.description ?? '')) return { type: 'describe', name: a.name };
  if ((a.colour ?? '') !== (b.colour ?? '')) return { type: 'recolour', name: a.name };
  return { type: 'change', name: a.name };
}

/**
 * What an action of the log did to spaces, from all its operations (any order); null when it
 * holds no space operation. A delete names where the memories went (moved) or how many were
 * erased (purged); a rename counts the memories that moved with it.
 */
export function spaceActionOf(ops: readonly LoggedOp[]): SpaceChange | null {
  const spaceOps = ops.filter((o) => o.kind === 'space');
  const changes = spaceOps.map(spaceChangeOf);
  if (!changes.length) return null;
  const moved = ops.filter((o) => o.kind === 'update');
  // One space gone and one made with its creation time is that space renamed (an undone rename
  // is logged so).
  const made = spaceOps.map((o) => (o.before ? null : doc(o.after))).filter((d): d is SpaceDoc => d !== null);
  for (const o of spaceOps) {
    const gone = o.after ? null : doc(o.before);
    const heir = gone?.created_at ? made.find((d) => d.created_at === gone.created_at && d.name !== gone.name) : undefined;
    if (gone && heir) return { type: 'rename', from: gone.name, to: heir.name, moved: moved.length };
  }
  const del = changes.find((c) => c.type === 'delete');
  if (del && del.type === 'delete') {
    const to = moved.find((o) => o.space && o.space !== del.name)?.space ?? null;
    return { ...del, movedTo: to, moved: moved.length, purged: ops.filter((o) => o.kind === 'purge').length };
  }
  const rename = changes.find((c) => c.type === 'rename');
  if (rename && rename.type === 'rename') return { ...rename, moved: moved.length };
  return changes[0];
}

const count = (n: number) => `${n} ${n === 1 ? 'memory' : 'memories'}`;

/**
 * The change as the activity feed and the history say it: "renamed space work → atlas".
 * `q` wraps a name (quotes in a toast, nothing where names are set apart otherwise).
 */
export function spaceSentence(c: SpaceChange, q: (name: string) => string = (n) => n): string {
  switch (c.type) {
    case 'create':
      return `made space ${q(c.name)}`;
    case 'rename':
      return `renamed space ${q(c.from)} → ${q(c.to)}`;
    case 'archive':
      return `archived space ${q(c.name)}`;
    case 'unarchive':
      return `unarchived space ${q(c.name)}`;
    case 'describe':
      return `described space ${q(c.name)}`;
    case 'recolour':
      return `recoloured space ${q(c.name)}`;
    case 'change':
      return `changed space ${q(c.name)}`;
    case 'delete':
      if (c.purged) return `deleted space ${q(c.name)}, purging its ${count(c.purged)}`;
      if (c.movedTo && c.moved) return `deleted space ${q(c.name)}, its ${count(c.moved)} moved to ${q(c.movedTo)}`;
      return `deleted space ${q(c.name)}`;
  }
}

/** The change as an undo names it: "the rename of space “work” → “atlas”". */
export function spaceActionLabel(c: SpaceChange): string {
  const q = (n: string) => `“${n}”`;
  switch (c.type) {
    case 'create':
      return `the creation of space ${q(c.name)}`;
    case 'rename':
      return `the rename of space ${q(c.from)} → ${q(c.to)}`;
    case 'archive':
      return `the archiving of space ${q(c.name)}`;
    case 'unarchive':
      return `the unarchiving of space ${q(c.name)}`;
    case 'describe':
      return `the description of space ${q(c.name)}`;
    case 'recolour':
      return `the colour of space ${q(c.name)}`;
    case 'change':
      return `the change to space ${q(c.name)}`;
    case 'delete':
      return `the deletion of space ${q(c.name)}`;
  }
}
