import type { Operation } from '../../api/types';
import { fmtAgo, fmtDate } from '../shell/format';

/** Which fields an update changed, from its before/after JSON. */
function changedFields(op: Operation): string[] {
  const b = op.before as Record<string, unknown> | null;
  const a = op.after as Record<string, unknown> | null;
  if (!b || !a || typeof b !== 'object' || typeof a !== 'object') return [];
  const skip = new Set(['updated_at', 'version', 'embedder']);
  return Object.keys(a).filter((k) => !skip.has(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

export function History({ operations }: { operations: Operation[] }) {
  if (!operations.length) return <p className="muted small">No recorded changes.</p>;
  return (
    <ol className="history">
      {operations.map((op) => {
        const fields = op.kind === 'update' ? changedFields(op) : [];
        return (
          <li key={op.id}>
            <span className={`op op-${op.kind}`}>{op.kind}</span>
            <span className="actor">{op.actor}</span>
            {fields.length > 0 && <span className="muted small"> · {fields.join(', ')}</span>}
            <time className="muted small" dateTime={op.at} title={fmtDate(op.at)}>
              {fmtAgo(op.at)}
            </time>
          </li>
        );
      })}
    </ol>
  );
}
