// A memory's recorded changes, newest first: who, when, and each field's old → new value, with
// an undo (or, for what stands undone, a redo) on every entry a purge has not made permanent.
import { useMemo } from 'react';
import type { Operation } from '../../api/types';
import { model } from '../../state/model';
import { isPurged, permanentActions } from '../../state/purgeLog';
import { labelFor, undoAction } from '../../state/undo';
import { actionOf, undoneBy } from '../../state/undoLog';
import { PurgeMark } from '../purge/PurgeMark';
import { fmtAgo, fmtDate } from '../shell/format';
import { clip, fieldChanges, moveOf, PROPERTY_PREFIX, type FieldChange } from './historyDiff';

const FIELD_NAME: Record<string, string> = {
  occurred_at: 'occurred',
  valid_from: 'valid from',
  valid_until: 'valid until',
  merged_from: 'merged from',
  merged_into: 'merged into',
  external_id: 'external id',
  created_at: 'created',
};

const isProperty = (field: string) => field.startsWith(PROPERTY_PREFIX);
// A property's value is shown as stored, whatever its name says.
const isTime = (field: string) => !isProperty(field) && (field.endsWith('_at') || field.startsWith('valid_'));

/** A value as a person reads it: dates localised, memory ids as their titles. */
function readable(field: string, v: string | null): string {
  if (v === null) return '—';
  if (isTime(field)) return fmtDate(v);
  const m = isProperty(field) ? undefined : model.memories.get(v);
  if (m) return m.title || clip(m.text, 40);
  return v;
}

/** The field's name in the history; for a property its own name, its title saying it is one. */
function FieldName({ field }: { field: string }) {
  if (isProperty(field)) {
    const name = field.slice(PROPERTY_PREFIX.length);
    return (
      <span className="hfield hprop" title={`Property “${name}”`}>
        {name}
      </span>
    );
  }
  return <span className="hfield">{FIELD_NAME[field] ?? field}</span>;
}

function Change({ c }: { c: FieldChange }) {
  const list = (items: string[]) => items.map((x) => readable(c.field, x)).join(', ');
  if (c.added || c.removed) {
    return (
      <li className="hchange inline" data-field={c.field}>
        <FieldName field={c.field} />
        {c.added && c.added.length > 0 && <ins title={list(c.added)}>+ {clip(list(c.added), 60)}</ins>}
        {c.removed && c.removed.length > 0 && <del title={list(c.removed)}>− {clip(list(c.removed), 60)}</del>}
      </li>
    );
  }
  const before = readable(c.field, c.before);
  const after = readable(c.field, c.after);
  // Short values read on one line; long ones (a text) one above the other.
  const inline = before.length + after.length <= 56;
  return (
    <li className={`hchange${inline ? ' inline' : ' stacked'}`} data-field={c.field}>
      <FieldName field={c.field} />
      <del className="hold" title={before}>{clip(before, inline ? 60 : 140)}</del>
      <span className="harrow" aria-label="became">→</span>
      <ins className="hnew" title={after}>{clip(after, inline ? 60 : 140)}</ins>
    </li>
  );
}

/** What an operation without field changes did to its row. */
function outcome(op: Operation): string | null {
  // A purge's entries hold no row: PurgeMark says what they are.
  if (isPurged(op)) return null;
  if (op.before === null && op.after !== null) return op.kind === 'link' ? 'linked' : 'created';
  if (op.before !== null && op.after === null) return op.kind === 'unlink' ? 'link removed' : 'removed';
  return null;
}

export function History({ operations }: { operations: Operation[] }) {
  const undone = useMemo(() => undoneBy(operations), [operations]);
  const permanent = useMemo(() => permanentActions(operations), [operations]);
  if (!operations.length) return <p className="muted small">No recorded changes.</p>;
  return (
    <ol className="history history-diff" data-testid="history">
      {operations.map((op) => {
        const action = actionOf(op);
        const changes = fieldChanges(op.before, op.after);
        const undoer = undone.get(action);
        const movedTo = moveOf(op.kind, changes);
        const title = model.memories.get(op.target)?.title || 'the memory';
        const label = movedTo !== null && !op.undoes ? `the move of “${clip(title, 40)}” to space “${movedTo}”` : labelFor(op.kind, op.target, action, op.undoes);
        const what = changes.length === 0 ? outcome(op) : null;
        return (
          <li key={op.id} className={undoer ? 'is-undone' : ''} data-testid="history-item" data-kind={op.kind} data-action={action}>
            <div className="hhead">
              <span className={`op op-${op.kind}`}>{movedTo !== null ? 'move' : op.kind}</span>
              {op.undoes && <span className="op op-undo" title="Part of an undo">undo</span>}
              <span className={`actor${op.actor.startsWith('agent:') ? ' agent' : ''}`}>{op.actor}</span>
              {what && <span className="muted small">{what}</span>}
              <PurgeMark op={op} />
              {undoer && <span className="undone-tag">undone</span>}
              <time className="muted small" dateTime={op.at} title={fmtDate(op.at)}>
                {fmtAgo(op.at)}
              </time>
              {permanent.has(action) ? null : undoer ? (
                <button className="mini" data-testid="history-redo" title="Redo: undo the undo of this change" onClick={() => void undoAction(undoer, label, { redo: true })}>
                  Redo
                </button>
              ) : (
                <button className="mini" data-testid="history-undo" title="Undo this change (the whole action it was part of)" onClick={() => void undoAction(action, label)}>
                  Undo
                </button>
              )}
            </div>
            {changes.length > 0 && (
              <ul className="hchanges">
                {changes.map((c) => (
                  <Change key={c.field} c={c} />
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
