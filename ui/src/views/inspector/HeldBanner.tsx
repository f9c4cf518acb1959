// Above a held memory's fields: why it waits for a person, and the decision itself.
import { useState } from 'react';
import type { Memory } from '../../api/types';
import { decideHeld } from '../review/decideHeld';
import type { HeldDecision } from '../review/held';
import './trust.css';

export function HeldBanner({ m, onDecided }: { m: Pick<Memory, 'id' | 'status' | 'held'>; onDecided(): void }) {
  const [busy, setBusy] = useState(false);
  if (m.status !== 'pending') return null;
  const decide = async (d: HeldDecision) => {
    setBusy(true);
    try {
      if (await decideHeld([m.id], d)) onDecided();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="insp-banner held" role="note" data-testid="held-banner">
      <span className="insp-held-text">
        <strong>Held for review</strong> — {m.held || 'waiting for a person’s approval'}
      </span>
      <span className="insp-held-note muted small">Until approved, no other agent recalls it.</span>
      <span className="insp-held-actions">
        <button className="mini ok" data-testid="held-approve" disabled={busy} title="Let it in: it becomes active, and every agent may recall it" onClick={() => void decide('approve')}>
          Approve
        </button>
        <button className="mini danger" data-testid="held-reject" disabled={busy} title="Keep it out: it is forgotten (Undo brings it back)" onClick={() => void decide('reject')}>
          Reject
        </button>
      </span>
    </div>
  );
}
