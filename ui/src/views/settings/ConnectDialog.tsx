// "Connect an agent": where agents reach this memory (MCP over stdio or HTTP, the REST API), the
// access token with a copy button, ready-to-paste client configurations, and the trust side:
// agents' own named tokens and how agents without one are treated.
import { useEffect, useState } from 'react';
import { getApi } from '../../api';
import type { LocalServer } from '../../api/types';
import { useStore } from '../../state/store';
import { ui } from '../../state/ui';
import { AgentTokens } from './AgentTokens';
import { Field, Snippet } from './CopyField';
import { UntokenedPolicy } from './UntokenedPolicy';
export function ConnectDialog() {
  const open = useStore(ui, (s) => s.connectOpen);
  const [server, setServer] = useState<LocalServer | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    getApi()
      .localServer()
      .then(setServer)
      .catch((e: unknown) => setError(String(e)));
  }, [open]);

  if (!open) return null;
  const close = () => ui.set({ connectOpen: false });
  const url = server?.url ?? '';
  const token = server?.token ?? '';
  const stdio = JSON.stringify({ mcpServers: { mnemo: { command: 'mnemo', args: ['mcp'] } } }, null, 2);
  const http = JSON.stringify(
    { mcpServers: { mnemo: { type: 'http', url: `${url}/mcp`, headers: { Authorization: `Bearer ${token}` } } } },
    null,
    2,
  );
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="modal connect"
        role="dialog"
        aria-label="Connect an agent"
        data-testid="connect-dialog"
        onKeyDown={(e) => e.key === 'Escape' && close()}
        tabIndex={-1}
      >
        <h2>Connect an agent</h2>
        <p className="muted small">
          Agents read and write this memory over MCP or the REST API. Their writes and recalls show up live in the graph, the activity
          feed and the retrieval inspector. The server listens on this computer only, and every request needs the token.
        </p>
        {error && <p className="error">{error}</p>}
        {server?.error && <p className="error">The local server is not running: {server.error}</p>}
        {server && url && (
          <>
            <Field label="MCP endpoint (streamable HTTP)" value={`${url}/mcp`} testId="connect-mcp" />
            <Field label="REST API (OpenAPI at /api/v1/openapi.json)" value={`${url}/api/v1`} testId="connect-rest" />
            <Field label="Your access token" value={token} secret testId="connect-token" />
            <span className="muted small">
              It acts as you: give each agent a token of its own below.{server.token_path && <> Stored in {server.token_path}, readable by you alone.</>}
            </span>
            <Snippet title="Claude Desktop / Cursor: MCP over stdio" text={stdio} />
            <Snippet title="Claude Code: MCP over stdio" text="claude mcp add mnemo -- mnemo mcp" />
            <Snippet title="Any MCP client over HTTP" text={http} />
            <Snippet title="REST with curl" text={`curl -H 'Authorization: Bearer ${token}' ${url}/api/v1/spaces`} />
          </>
        )}
        {server && (
          <>
            <AgentTokens url={url} />
            <UntokenedPolicy />
          </>
        )}
        <div className="row end">
          <button className="primary" onClick={close}>
            Done
          </button>
        </div>
      </div>
    </div>
  );
}
