// The held section's header buttons: approve or reject every listed held write in one action.
import { useState } from 'react';
import { decideHeld, type HeldHost } from './decideHeld';
import type { HeldDecision } from './held';
import type { ReviewItem } from './queue';

export function HeldTools({ items, host }: { items: readonly ReviewItem[]; host: HeldHost }) {
  const [busy, setBusy] = useState(false);
  const ids = items.flatMap((i) => (i.section === 'held' ? [i.held.id] : []));
  if (ids.length < 2) return null;
  const run = async (d: HeldDecision) => {
    setBusy(true);
    try {
      await decideHeld(ids, d, host);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="rv-held-tools">
      <button
        className="mini ok"
        data-testid="held-approve-all"
        disabled={busy}
        title={`Approve all ${ids.length} listed: they become active, and every agent may recall them (one Undo takes it back)`}
        onClick={() => void run('approve')}
      >
        Approve all
      </button>
      <button
        className="mini danger"
        data-testid="held-reject-all"
        disabled={busy}
        title={`Reject all ${ids.length} listed: they are forgotten (one Undo takes it back)`}
        onClick={() => void run('reject')}
      >
        Reject all
      </button>
    </span>
  );
}
