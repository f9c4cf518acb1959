// Changes to spaces, as the dialog makes them: each says what it did in a toast, and those that
// can be undone offer Undo (the engine's undo of the action, as Ctrl+Z). A refusal comes back as
// the field it is about, for the dialog to show beside that field; nothing is toasted then.
import { getApi } from '../../api';
import type { SpacePatch, SpaceReport } from '../../api/types';
import { modelState } from '../../state/model';
import { memoriesText } from '../../state/spaceBook';
import { fieldError, type FieldError, type SpaceField } from '../../state/spaceErrors';
import { spaceActionLabel, type SpaceChange } from '../../state/spaceLog';
import { renameInSelection } from '../../state/spaceSelection';
import { toast, ui, viewingPast } from '../../state/ui';
import { nameAction, undoAction } from '../../state/undo';

const q = (name: string) => `“${name}”`;

/** Null when done; else what went wrong and where. */
export type Outcome = FieldError | null;

const PAST: FieldError = { field: 'form', message: 'Read-only while viewing the past: press “Back to now” on the banner to change spaces.' };

/** Says what a change did, offering Undo when it can be undone. */
function done(report: SpaceReport, change: SpaceChange, title: string, detail?: string, undoable = true): void {
  const label = spaceActionLabel(change);
  nameAction(report.action, label);
  const undo = undoable && report.action ? [{ label: 'Undo', run: () => void undoAction(report.action, label) }] : undefined;
  toast('success', title, detail, undo);
}

async function run(nameField: SpaceField, call: () => Promise<SpaceReport>, after: (r: SpaceReport) => void): Promise<Outcome> {
  if (viewingPast()) return PAST;
  try {
    after(await call());
    return null;
  } catch (e) {
    return fieldError(e, nameField);
  }
}

const patch = (p: SpacePatch): SpacePatch => ({ rename: null, description: null, colour: null, archived: null, ...p });

export function createSpace(name: string, description: string, colour: string): Promise<Outcome> {
  const n = name.trim();
  return run(
    'name',
    () => getApi().createSpace({ name: n, description: description.trim(), colour }),
    (r) => done(r, { type: 'create', name: n }, `Made space ${q(n)}`, 'Empty for now: pick it in quick add, or move memories into it.'),
  );
}

export function renameSpace(from: string, to: string): Promise<Outcome> {
  const name = to.trim();
  return run(
    'rename',
    () => getApi().updateSpace({ name: from, patch: patch({ rename: name }) }),
    (r) => {
      // The delta says so too; saying it here keeps the switcher on it at once.
      ui.set((s) => ({ filters: { ...s.filters, spaces: renameInSelection(s.filters.spaces, from, name) } }));
      done(r, { type: 'rename', from, to: name, moved: r.moved }, `Renamed space ${q(from)} → ${q(name)}`, r.moved ? `${memoriesText(r.moved)} moved with it.` : undefined);
    },
  );
}

export function describeSpace(name: string, description: string): Promise<Outcome> {
  return run(
    'description',
    () => getApi().updateSpace({ name, patch: patch({ description: description.trim() }) }),
    (r) => r.action && done(r, { type: 'describe', name }, description.trim() ? `Described space ${q(name)}` : `Cleared the description of ${q(name)}`),
  );
}

export function colourSpace(name: string, colour: string): Promise<Outcome> {
  return run(
    'colour',
    () => getApi().updateSpace({ name, patch: patch({ colour }) }),
    (r) => r.action && done(r, { type: 'recolour', name }, colour ? `Recoloured space ${q(name)}` : `Space ${q(name)} takes its automatic colour`),
  );
}

export function setArchived(name: string, archived: boolean): Promise<Outcome> {
  return run(
    'form',
    () => getApi().updateSpace({ name, patch: patch({ archived }) }),
    (r) =>
      archived
        ? done(r, { type: 'archive', name }, `Archived space ${q(name)}`, 'Its memories stay, out of the graph and of recalls that name no space; it takes no new ones.')
        : done(r, { type: 'unarchive', name }, `Unarchived space ${q(name)}`, 'It takes new memories again, and recalls search it.'),
  );
}

/** What becomes of a deleted space's memories: none to deal with, moved, or purged. */
export type Disposal = { kind: 'empty' } | { kind: 'move'; to: string } | { kind: 'purge' };

export function deleteSpace(name: string, what: Disposal): Promise<Outcome> {
  const to = what.kind === 'move' ? what.to.trim() : null;
  // Asked before: the delta making it may arrive before the answer.
  const made = to !== null && !modelState.get().spaceBook.has(to);
  return run(
    'move_to',
    () => getApi().deleteSpace({ name, move_to: to, purge: what.kind === 'purge' ? true : null }),
    (r) => {
      const purged = r.purged.length;
      const change: SpaceChange = { type: 'delete', name, movedTo: to, moved: r.moved, purged };
      if (what.kind === 'purge') {
        // Erased for good: nothing to undo.
        done(r, change, `Deleted space ${q(name)}`, purged ? `${memoriesText(purged)} erased for good.` : undefined, false);
      } else {
        done(r, change, `Deleted space ${q(name)}`, r.moved && to ? `${memoriesText(r.moved)} moved to ${made ? 'the new space ' : ''}${q(to)}.` : undefined);
      }
    },
  );
}
