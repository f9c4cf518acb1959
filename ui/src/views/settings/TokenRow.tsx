// One agent token in the Connect dialog: its name and policy (changeable while it is live), where
// it reads and writes, what it may do to others' memories, when it was made and last used, and
// Revoke behind a confirmation.
import { useState } from 'react';
import { getApi } from '../../api';
import type { AgentToken, TrustPolicy } from '../../api/types';
import { toast } from '../../state/ui';
import { fmtAgo, fmtDate } from '../shell/format';
import { inlineError, othersSummary, POLICIES, policyInfo, spacesSummary, withPolicy } from './tokens';

export function TokenRow({ token: t, onChanged }: { token: AgentToken; onChanged(t: AgentToken): void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoked = t.revoked_at !== null;
  const { reads, writes } = spacesSummary(t.rights, t.policy);

  const run = async (what: () => Promise<AgentToken>, done: (t: AgentToken) => string) => {
    setBusy(true);
    setError(null);
    try {
      const next = await what();
      onChanged(next);
      toast('success', done(next));
    } catch (e) {
      setError(inlineError(e));
    } finally {
      setBusy(false);
    }
  };
  const setPolicy = (policy: TrustPolicy) =>
    run(
      () => getApi().updateAgentToken({ id: t.id, spec: withPolicy(t, policy) }),
      (n) => `“${n.name}” is ${policyInfo(n.policy).label.toLowerCase()} now`,
    );
  const revoke = () => run(() => getApi().revokeAgentToken({ id: t.id }), (n) => `Revoked “${n.name}”: requests with it are refused`);

  return (
    <li className={`tok-row${revoked ? ' revoked' : ''}`} data-testid="token-row" data-name={t.name} data-revoked={revoked ? 'true' : undefined}>
      <div className="tok-line">
        <span className="tok-name">{t.name}</span>
        <code className="tok-actor" title="How its changes are recorded">agent:{t.name}</code>
        <span className="spacer" />
        {revoked ? (
          <span className="tok-policy-badge p-revoked" title={`Revoked ${fmtDate(t.revoked_at)}`} data-testid="token-revoked">
            Revoked {fmtAgo(t.revoked_at!)}
          </span>
        ) : (
          <select
            className={`tok-policy p-${t.policy}`}
            aria-label={`Policy of ${t.name}`}
            title={policyInfo(t.policy).hint}
            data-testid="token-policy"
            value={t.policy}
            disabled={busy}
            onChange={(e) => void setPolicy(e.target.value as TrustPolicy)}
          >
            {POLICIES.map((p) => (
              <option key={p.policy} value={p.policy}>
                {p.label}
              </option>
            ))}
          </select>
        )}
        {!revoked && !confirming && (
          <button className="mini ghost danger" data-testid="token-revoke" disabled={busy} onClick={() => setConfirming(true)}>
            Revoke…
          </button>
        )}
      </div>
      <div className="tok-facts muted small">
        <span>Reads {reads}</span>
        <span>Writes {writes}</span>
        <span>{othersSummary(t.rights)}</span>
      </div>
      <div className="tok-facts muted small">
        <span title={fmtDate(t.created_at)}>Created {fmtAgo(t.created_at)}</span>
        <span title={t.last_used_at ? fmtDate(t.last_used_at) : 'No request has used it yet'} data-testid="token-last-used">
          Last used {t.last_used_at ? fmtAgo(t.last_used_at) : 'never'}
        </span>
      </div>
      {confirming && (
        <div
          className="tok-confirm"
          role="alertdialog"
          aria-label={`Revoke ${t.name}`}
          data-testid="token-revoke-confirm"
          // Esc steps back from the confirmation, not out of the whole dialog.
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.stopPropagation();
            setConfirming(false);
          }}
        >
          <span>
            Revoke “{t.name}”? Every request with its token is refused from now on; this cannot be undone (make a new token to let it back in).
          </span>
          <span className="tok-confirm-actions">
            <button className="mini" onClick={() => setConfirming(false)} disabled={busy}>
              Keep it
            </button>
            <button
              className="mini danger"
              data-testid="token-revoke-yes"
              disabled={busy}
              onClick={() => void revoke().then(() => setConfirming(false))}
            >
              Revoke
            </button>
          </span>
        </div>
      )}
      {error && (
        <p className="tok-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
