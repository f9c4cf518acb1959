// "Purge…" on forgotten memories picked in the inspector or on the graph: names them, says what
// purging erases, and purges exactly those still forgotten when the person confirms.
import { useState } from 'react';
import { model, modelState } from '../../state/model';
import { closePurge } from '../../state/purge';
import { useStore } from '../../state/store';
import { PurgeFrame } from './PurgeFrame';
import { PurgeList } from './PurgeList';
import { confirmLabel, confirmTitle, consequence, forgottenAmong, nameOf, purgeIds } from './purgePlan';
import { runPurge } from './runPurge';

export function PurgeMemories({ ids, skipped }: { ids: readonly string[]; skipped: number }) {
  // Re-read on data changes: one may be restored (or purged elsewhere) while the dialog is open.
  useStore(modelState, (s) => s.version);
  const [busy, setBusy] = useState(false);
  const live = forgottenAmong(ids, (id) => model.memories.get(id));
  const n = live.length;

  const confirm = async () => {
    if (busy || n === 0) return;
    setBusy(true);
    const report = await runPurge(purgeIds(live));
    if (report) closePurge();
    else setBusy(false);
  };

  const title = n === 0 ? 'Nothing left to purge' : confirmTitle(live.map((id) => nameOf(model.memories.get(id))));
  return (
    <PurgeFrame title={title} testId="purge-dialog" busy={busy} confirmLabel={confirmLabel(n)} canConfirm={n > 0} onConfirm={() => void confirm()}>
      {n === 0 ? (
        <p className="muted">{ids.length === 1 ? 'The memory is' : 'These memories are'} no longer forgotten, or already gone: nothing is purged.</p>
      ) : (
        <>
          {n > 1 && <PurgeList ids={live} />}
          <p className="purge-warning" data-testid="purge-consequence">
            {consequence(n)}
          </p>
          <p className="muted small purge-note">
            The log keeps only that you purged {n === 1 ? 'a memory' : `${n} memories`}, and when.
            {skipped > 0 && ` The other ${skipped} selected ${skipped === 1 ? 'is' : 'are'} not forgotten and ${skipped === 1 ? 'stays' : 'stay'} as ${skipped === 1 ? 'it is' : 'they are'}.`}
            {ids.length > n && ` ${ids.length - n} picked ${ids.length - n === 1 ? 'one is' : 'ones are'} no longer forgotten and ${ids.length - n === 1 ? 'stays' : 'stay'}.`}
          </p>
        </>
      )}
    </PurgeFrame>
  );
}
