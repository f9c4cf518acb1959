// A token just made: its secret, shown this once, with Copy and ready-to-paste configurations
// that use it. The store keeps only a hash, so nothing can show it again.
import type { NewAgentToken } from '../../api/types';
import { Field, Snippet } from './CopyField';
import { curlSnippet, mcpHttpSnippet, policyInfo } from './tokens';

export function NewSecret({ made, url, onClose }: { made: NewAgentToken; url: string; onClose(): void }) {
  const { token, secret } = made;
  return (
    <div className="tok-secret" role="region" aria-label={`Secret of ${token.name}`} data-testid="token-secret">
      <p className="tok-secret-head">
        <strong>Token for “{token.name}” created</strong>{' '}
        <span className={`tok-policy-badge p-${token.policy}`}>{policyInfo(token.policy).label}</span>
      </p>
      <p className="tok-secret-warn" role="alert">
        Copy the secret now: you will not see it again. Mnemo keeps only a fingerprint of it; if it is lost, revoke this token and make another.
      </p>
      <Field label="Secret" value={secret} testId="token-secret-value" />
      {url && (
        <>
          <Snippet title="Any MCP client over HTTP, as this agent" text={mcpHttpSnippet(url, token.name, secret)} open testId="token-secret-mcp" />
          <Snippet title="REST with curl, as this agent" text={curlSnippet(url, secret)} open testId="token-secret-curl" />
        </>
      )}
      <div className="row end">
        <button className="primary" data-testid="token-secret-close" onClick={onClose}>
          I have copied it
        </button>
      </div>
    </div>
  );
}
