// How the history and the activity feed mark what a purge left in the log: the purge itself
// ("erased for good") and the older entries it emptied ("redacted by a purge"), in place of the
// field changes and the Undo they no longer have.
import type { Operation } from '../../api/types';
import { entryState, purgeNote } from '../../state/purgeLog';
import { fmtDate } from '../shell/format';
import './purge.css';

export function PurgeMark({ op, count = 1 }: { op: Pick<Operation, 'kind' | 'before' | 'after' | 'actor'>; count?: number }) {
  const state = entryState(op);
  if (state === 'plain') return null;
  if (state === 'purge') {
    const what = count > 1 ? `${count} memories` : 'a memory';
    return (
      <span className="purge-mark" data-testid="purge-mark" title={`${op.actor} erased ${what} for good: text, links, history and traces. Nothing of it is left to undo`}>
        {count > 1 ? `${count} memories erased for good` : 'erased for good'}
      </span>
    );
  }
  const note = purgeNote(op.after);
  return (
    <span className="redacted-mark" data-testid="redacted-mark" title={`What this entry recorded was erased${note?.at ? ` on ${fmtDate(note.at)}` : ''}, when the memory it was about was purged`}>
      redacted by a purge
    </span>
  );
}
