// The policy of agents that connect without a named token (an MCP client over stdio), with why
// it starts trusted.
import { useEffect, useState } from 'react';
import { getApi } from '../../api';
import type { TrustPolicy } from '../../api/types';
import { toast } from '../../state/ui';
import { inlineError, POLICIES, policyInfo } from './tokens';

export function UntokenedPolicy() {
  const [policy, setPolicy] = useState<TrustPolicy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    getApi()
      .trustSettings({})
      .then((s) => setPolicy(s.new_agent_policy), (e: unknown) => setError(inlineError(e)));
  }, []);

  const change = async (next: TrustPolicy) => {
    const before = policy;
    setPolicy(next);
    setSaving(true);
    setError(null);
    try {
      const s = await getApi().setTrustSettings({ new_agent_policy: next });
      setPolicy(s.new_agent_policy);
      toast('success', `Agents without a token: ${policyInfo(s.new_agent_policy).label.toLowerCase()}`);
    } catch (e) {
      setPolicy(before);
      setError(inlineError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="tok-section" aria-labelledby="tok-untokened-h">
      <div className="tok-head">
        <h3 id="tok-untokened-h">Agents without a token</h3>
        <select
          className={`tok-policy p-${policy ?? 'trusted'}`}
          aria-labelledby="tok-untokened-h"
          data-testid="untokened-policy"
          value={policy ?? ''}
          disabled={policy === null || saving}
          onChange={(e) => void change(e.target.value as TrustPolicy)}
        >
          {policy === null && <option value="">…</option>}
          {POLICIES.map((p) => (
            <option key={p.policy} value={p.policy}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <p className="muted small tok-why">
        MCP clients without a token of their own (over stdio with <code>mnemo mcp</code>, or over HTTP with your access token) are recorded as{' '}
        <code>agent:&lt;client name&gt;</code>. They start trusted so that connecting an agent works on the first try; choose Review to approve
        each of their writes, or Read-only to let them only recall. {policy && <em>Now: {policyInfo(policy).hint}</em>}
      </p>
      {error && (
        <p className="tok-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
