// The Connect dialog's agent tokens: each agent its own token, so that its writes are recorded as
// agent:<name> and its policy decides whether they go in, wait for approval, or are refused.
import { useCallback, useEffect, useState } from 'react';
import { getApi } from '../../api';
import type { AgentToken, NewAgentToken } from '../../api/types';
import { NewSecret } from './NewSecret';
import { NewTokenForm } from './NewTokenForm';
import { TokenRow } from './TokenRow';
import { inlineError, sortTokens } from './tokens';
import './tokens.css';

export function AgentTokens({ url }: { url: string }) {
  const [tokens, setTokens] = useState<AgentToken[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [made, setMade] = useState<NewAgentToken | null>(null);

  const load = useCallback(async () => {
    try {
      setTokens(await getApi().listAgentTokens({}));
      setError(null);
    } catch (e) {
      setError(inlineError(e));
    }
  }, []);
  useEffect(() => void load(), [load]);

  const replace = (t: AgentToken) => setTokens((ts) => (ts ?? []).map((x) => (x.id === t.id ? t : x)));
  const created = (n: NewAgentToken) => {
    setTokens((ts) => [...(ts ?? []), n.token]);
    setAdding(false);
    setMade(n);
  };
  const live = tokens?.filter((t) => !t.revoked_at).length ?? 0;

  return (
    <section className="tok-section" aria-labelledby="tok-h" data-testid="agent-tokens">
      <div className="tok-head">
        <h3 id="tok-h">
          Agent tokens {tokens && <span className="rv-count zero">{live}</span>}
        </h3>
        {!adding && !made && (
          <button className="small" data-testid="token-new" onClick={() => setAdding(true)}>
            + New agent token
          </button>
        )}
      </div>
      <p className="muted small tok-why">
        Give each agent a token of its own: its changes are recorded under its name, and its policy decides whether they go in at once, wait for
        your approval, or are refused.
      </p>
      {error && (
        <p className="tok-error" role="alert">
          Could not read the tokens: {error}{' '}
          <button className="mini" onClick={() => void load()}>
            Retry
          </button>
        </p>
      )}
      {made && <NewSecret made={made} url={url} onClose={() => setMade(null)} />}
      {adding && <NewTokenForm tokens={tokens ?? []} onCreated={created} onCancel={() => setAdding(false)} onStale={() => void load()} />}
      {tokens && tokens.length === 0 && !adding && !made && <p className="tok-empty">No agent has a token yet.</p>}
      {tokens && tokens.length > 0 && (
        <ul className="tok-list" data-testid="token-list">
          {sortTokens(tokens).map((t) => (
            <TokenRow key={t.id} token={t} onChanged={replace} />
          ))}
        </ul>
      )}
    </section>
  );
}
