// The activity feed: every change to the memory — by the person, the CLI or an agent in any
// process — newest first, live. It reads the operation log (the audit trail) and refreshes
// whenever a delta arrives, so it shows exactly what was recorded, with its actor.
import { useEffect, useMemo, useState } from 'react';
import { getApi } from '../../api';
import type { Operation } from '../../api/types';
import { model } from '../../state/model';
import { entryState, permanentActions, purgedMemories } from '../../state/purgeLog';
import { select, toastError } from '../../state/ui';
import { labelFor, undoAction } from '../../state/undo';
import { actionOf, undoneBy } from '../../state/undoLog';
import { spaceActionLabel, spaceActionOf } from '../../state/spaceLog';
import { PurgeMark } from '../purge/PurgeMark';
import { SpaceOpText } from '../spaces/SpaceOpText';
import { fmtAgo, fmtDate } from '../shell/format';
import { groupByAction } from './group';

const PAGE = 200;

/** The memory or edge an operation is about, as a short label. */
export function describe(op: Operation): string {
  const after = (op.after ?? op.before) as Record<string, unknown> | null;
  const m = (after && typeof after === 'object' && 'memory' in after ? after.memory : after) as Record<string, unknown> | null;
  if (m && typeof m.from === 'string' && typeof m.to === 'string') {
    const name = (id: string) => model.memories.get(id)?.title || id.slice(0, 8);
    return `${name(m.from)} → ${name(m.to)} (${String(m.relation ?? m.kind ?? '')})`;
  }
  const title = m && typeof m.title === 'string' && m.title ? m.title : m && typeof m.text === 'string' ? m.text : op.target;
  return title.length > 90 ? `${title.slice(0, 89)}…` : title;
}

/**
 * Whether an operation is about a memory the writer meant, not an entity it mentioned or an edge.
 * A purge's own entries head its action (the links removed with the memories are logged first),
 * and so does a memory's entry a purge redacted: its add is no longer told by the entities it
 * mentioned, which survive it.
 */
function isPrincipal(op: Operation): boolean {
  if (op.kind === 'purge' || op.kind === 'space') return true;
  if (entryState(op) === 'redacted') return op.kind !== 'link' && op.kind !== 'unlink';
  const after = (op.after ?? op.before) as Record<string, unknown> | null;
  const m = (after && typeof after === 'object' && 'memory' in after ? after.memory : after) as Record<string, unknown> | null;
  return !!m && typeof m.kind === 'string' && m.kind !== 'entity' && typeof m.from !== 'string';
}

/** The memory to open when an entry is clicked: the target, or for a link its source. */
function memoryOf(op: Operation): string | null {
  if (model.memories.has(op.target)) return op.target;
  const e = (op.after ?? op.before) as Record<string, unknown> | null;
  return e && typeof e.from === 'string' && model.memories.has(e.from) ? e.from : null;
}

export function Activity() {
  const [ops, setOps] = useState<Operation[] | null>(null);
  const [actor, setActor] = useState('');

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let alive = true;
    const load = () =>
      getApi()
        .listOperations({ target: null, limit: PAGE })
        .then((o) => alive && setOps(o))
        .catch((e) => toastError(e, 'load the activity feed'));
    void load();
    // Bursts of deltas (an import) refresh once.
    const stop = model.onDeltaApplied(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(load, 300);
    });
    return () => {
      alive = false;
      stop();
      if (timer) clearTimeout(timer);
    };
  }, []);

  const undone = useMemo(() => undoneBy(ops ?? []), [ops]);
  const permanent = useMemo(() => permanentActions(ops ?? []), [ops]);
  const purged = useMemo(() => purgedMemories(ops ?? []), [ops]);
  // What each action did to spaces, read from all its operations (a rename moves memories too).
  const spaceChanges = useMemo(() => {
    const list = ops ?? [];
    const spaced = new Set(list.filter((o) => o.kind === 'space').map(actionOf));
    const byAction = new Map<string, Operation[]>();
    for (const o of list) if (spaced.has(actionOf(o))) byAction.set(actionOf(o), [...(byAction.get(actionOf(o)) ?? []), o]);
    return new Map([...byAction].map(([a, its]) => [a, spaceActionOf(its)] as const));
  }, [ops]);
  if (!ops) return <p className="muted small pad">Loading activity…</p>;
  const actors = [...new Set(ops.map((o) => o.actor))].sort();
  const shown = groupByAction(actor ? ops.filter((o) => o.actor === actor) : ops, isPrincipal);
  return (
    <div className="activity" data-testid="activity">
      <div className="activity-head">
        <label className="small">
          Who{' '}
          <select value={actor} onChange={(e) => setActor(e.target.value)}>
            <option value="">everyone</option>
            {actors.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">{shown.length} recent changes</span>
      </div>
      {shown.length === 0 && <p className="muted small pad">Nothing has changed yet.</p>}
      <ol className="history activity-list">
        {shown.map(({ action, head: op, count }) => {
          const target = memoryOf(op);
          const undoer = undone.get(action);
          const spaced = spaceChanges.get(action) ?? null;
          const label = spaced && !op.undoes ? spaceActionLabel(spaced) : labelFor(op.kind, op.target, action, op.undoes, count);
          return (
            <li key={action} className={undoer ? 'is-undone' : ''} data-testid="activity-item" data-actor={op.actor} data-action={action}>
              <span className={`op op-${spaced ? 'space' : op.kind}`}>{spaced ? 'space' : op.kind}</span>
              {op.undoes && <span className="op op-undo">undo</span>}
              <span className={`actor${op.actor.startsWith('agent:') ? ' agent' : ''}`}>{op.actor}</span>
              {spaced ? (
                <SpaceOpText change={spaced} />
              ) : entryState(op) === 'plain' ? (
                <button className="link" disabled={!target} onClick={() => target && select(target)} title={op.target}>
                  {describe(op)}
                </button>
              ) : (
                // Nothing is left to name or open: the entry says what happened instead.
                <PurgeMark op={op} count={purged.get(action) ?? 1} />
              )}
              {count > 1 && !spaced && entryState(op) !== 'purge' && (
                <span className="muted small" title={`${count} recorded changes in this action`}>
                  +{count - 1}
                </span>
              )}
              <time className="muted small" dateTime={op.at} title={fmtDate(op.at)}>
                {fmtAgo(op.at)}
              </time>
              {permanent.has(action) ? null : undoer ? (
                <button className="mini" data-testid="activity-redo" title="Redo: undo the undo of this change" onClick={() => void undoAction(undoer, label, { redo: true })}>
                  Redo
                </button>
              ) : (
                <button className="mini" data-testid="activity-undo" title="Undo this change (the whole action)" onClick={() => void undoAction(action, label)}>
                  Undo
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
