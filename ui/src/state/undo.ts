// Undo and redo from anywhere in the app: Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (the person's own
// actions), and the undo buttons of the history and the activity feed (any action). Each says
// what it undid in a toast that offers the way back; a conflict offers to go ahead anyway.
import { getApi } from '../api';
import type { ActionSummary, OperationKind, UndoReport } from '../api/types';
import { model } from './model';
import { isPurgeConflict } from './purgeLog';
import { spaceActionLabel, spaceActionOf } from './spaceLog';
import { refuseInPast, toast, toastError } from './ui';
import { actionOf, describeAction, describeReport, type Subject } from './undoLog';

/**
 * What the original action was, by the undo (or redo) action this window made for it: an undo
 * is itself an action whose own kind says little, so a redo names itself from here.
 */
const labels = new Map<string, string>();

/**
 * How actions made in this window were named when they were made ("the rename of space “work”
 * → “atlas”"): their log entries alone say less, and Ctrl+Z should say what the toast said.
 */
const madeHere = new Map<string, string>();

/** Remembers what an action made here did, for the undo that may follow. */
export function nameAction(action: string, label: string): void {
  if (action) madeHere.set(action, label);
}

/** Presses are handled one after another, so that three Ctrl+Z undo three actions. */
let queue: Promise<unknown> = Promise.resolve();
function enqueue(job: () => Promise<void>): Promise<void> {
  const next = queue.then(job, job);
  queue = next;
  return next;
}

/** A memory's or a link's name, as the graph knows it now. */
export function subjectOf(target: string): Subject {
  const title = (id: string) => {
    const m = model.memories.get(id);
    if (!m) return null;
    const t = (m.title || m.text).replace(/\s+/g, ' ').trim();
    return `“${t.length > 48 ? `${t.slice(0, 47)}…` : t}”`;
  };
  const own = title(target);
  if (own) return { link: false, name: own };
  const g = model.graph;
  if (g.hasEdge(target)) return { link: true, name: `${title(g.source(target)) ?? 'a memory'} → ${title(g.target(target)) ?? 'a memory'}` };
  return null;
}

/**
 * How to name an action: by what it did, or for an undo by what it reversed. `operations`: how
 * many it holds, when known (a bulk change names its first memory and counts the rest).
 */
export function labelFor(kind: OperationKind, target: string, action: string, undoes: string | null | undefined, operations = 1): string {
  if (undoes) return labels.get(action) ?? 'an earlier undo';
  const named = madeHere.get(action);
  if (named) return named;
  // A space's target is its name, not a memory's id.
  if (kind === 'space') return `the change to space “${target}”`;
  return describeAction(kind, subjectOf(target), operations);
}

/**
 * Names a space action made elsewhere (another window, the REST API) from its log entries: a
 * summary says only "space" and one name, which could be a rename, an archive or a delete.
 */
async function spaceLabelFromLog(a: ActionSummary): Promise<string> {
  try {
    const ops = (await getApi().listOperations({ target: null, limit: 500 })).filter((o) => actionOf(o) === a.action);
    const change = spaceActionOf(ops);
    if (change) return spaceActionLabel(change);
  } catch {
    // The plain label below still says which space.
  }
  return labelOfSummary(a);
}

function labelOfSummary(a: ActionSummary): string {
  return labelFor(a.kind, a.target, a.action, a.undoes, a.operations);
}

/** A conflict: the store moved on since the action (its message says how); force goes ahead. */
function forceable(e: unknown): boolean {
  return (e as { code?: string }).code === 'conflict';
}

/** A purge cannot be undone: said plainly, without the engine's ids or an "anyway" to try. */
function toastPurged(redo = false): void {
  toast('info', `A purge cannot be ${redo ? 'redone' : 'undone'}`, 'This change touched a memory that was purged: nothing of it is left to bring back.');
}

/** An undo or redo refused: a purge says so; any other conflict offers to go ahead anyway. */
function toastRefused(e: unknown, redo: boolean, retry: () => void): void {
  if (isPurgeConflict(e)) return toastPurged(redo);
  toastError(e, redo ? 'redo' : 'undo', forceable(e) ? [{ label: redo ? 'Redo anyway' : 'Undo anyway', run: retry }] : []);
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

interface UndoOptions {
  /** Count only the person's own actions (Ctrl+Z). */
  mine?: boolean;
  force?: boolean;
  /** The action undone is itself an undo: this brings the original back. */
  redo?: boolean;
}

/** Undoes one action (by its id) and says so; `label` names what it did in the toast. */
export function undoAction(action: string, label: string, opts: UndoOptions = {}): Promise<void> {
  if (refuseInPast(opts.redo ? 'redo' : 'undo')) return Promise.resolve();
  return enqueue(() => runUndo(action, label, opts));
}

async function runUndo(action: string, label: string, opts: UndoOptions): Promise<void> {
  let r: UndoReport;
  try {
    r = await getApi().undo({ action, mine: opts.mine ?? null, force: opts.force ?? null });
  } catch (e) {
    toastRefused(e, !!opts.redo, () => void undoAction(action, label, { ...opts, force: true }));
    return;
  }
  labels.set(r.action, label);
  if (opts.redo) toast('success', `Redone: ${label}`, capitalised(describeReport(r)), [{ label: 'Undo', run: () => void undoLast() }]);
  else toast('success', `Undone: ${label}`, capitalised(describeReport(r)), [{ label: 'Redo', run: () => void redoLast() }]);
}

/** Ctrl/Cmd+Z: undoes the person's newest action that is not undone yet. */
export function undoLast(): Promise<void> {
  if (refuseInPast('undo')) return Promise.resolve();
  return enqueue(async () => {
    let top: ActionSummary | undefined;
    try {
      top = (await getApi().history({ mine: true })).undo[0];
    } catch (e) {
      toastError(e, 'read what can be undone');
      return;
    }
    if (!top) {
      toast('info', 'Nothing to undo', 'None of your changes is left to undo.');
      return;
    }
    if (top.kind === 'purge') return toastPurged();
    const label = top.kind === 'space' && !madeHere.has(top.action) && !top.undoes ? await spaceLabelFromLog(top) : labelOfSummary(top);
    await runUndo(top.action, label, { mine: true });
  });
}

/** Ctrl/Cmd+Shift+Z: undoes the person's newest undo. */
export function redoLast(force = false): Promise<void> {
  if (refuseInPast('redo')) return Promise.resolve();
  return enqueue(async () => {
    const api = getApi();
    let top: ActionSummary | undefined;
    try {
      top = (await api.history({ mine: true })).redo[0];
    } catch (e) {
      toastError(e, 'read what can be redone');
      return;
    }
    if (!top) {
      toast('info', 'Nothing to redo', 'Nothing you undid is waiting to be redone.');
      return;
    }
    const label = labels.get(top.action) ?? 'the last undone change';
    let r: UndoReport;
    try {
      r = await api.redo({ mine: true, force: force || null });
    } catch (e) {
      toastRefused(e, true, () => void redoLast(true));
      return;
    }
    labels.set(r.action, label);
    toast('success', `Redone: ${label}`, capitalised(describeReport(r)), [{ label: 'Undo', run: () => void undoLast() }]);
  });
}
