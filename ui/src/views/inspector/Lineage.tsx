// Where a memory comes from and what replaced it: the memory it was merged into (a banner), the
// names it absorbed, the memories merged into it, and its supersede chain both ways.
import { lineageOf, type Memory } from '../../api/types';
import { model } from '../../state/model';
import { select } from '../../state/ui';
import { focusMemory } from '../graph/graphRef';
import { supersedeChain } from './chain';

function go(id: string) {
  select(id);
  focusMemory(id);
}

function MemoryLink({ id, testId }: { id: string; testId?: string }) {
  const m = model.memories.get(id);
  return (
    <button className="link lineage-link" onClick={() => go(id)} title={id} data-testid={testId} data-id={id}>
      {m && <span className={`kind-dot k-${m.kind}`} aria-hidden="true" />}
      <span className="lineage-name">{m ? m.title || m.text : <code>{id}</code>}</span>
      {m && m.status !== 'active' && <span className="lineage-status">{m.status}</span>}
    </button>
  );
}

/** Above the fields: this memory no longer stands on its own. */
export function LineageBanner({ m }: { m: Memory }) {
  const { mergedInto } = lineageOf(m);
  if (m.status === 'merged' && mergedInto) {
    return (
      <div className="insp-banner" role="note" data-testid="merged-banner">
        Merged into <MemoryLink id={mergedInto} />
        <span className="muted small">Its links, tags and names live there now.</span>
      </div>
    );
  }
  const newer = supersedeChain(model.graph, m.id).newer[0];
  if (newer) {
    return (
      <div className="insp-banner" role="note" data-testid="superseded-banner">
        Superseded by <MemoryLink id={newer} />
        {m.valid_until && <span className="muted small">Held until {new Date(m.valid_until).toLocaleDateString()}.</span>}
      </div>
    );
  }
  return null;
}

/** Whether there is any lineage to show. */
export function hasLineage(m: Memory): boolean {
  const { aliases, mergedFrom } = lineageOf(m);
  const chain = supersedeChain(model.graph, m.id);
  return aliases.length > 0 || mergedFrom.length > 0 || chain.newer.length > 0 || chain.older.length > 0;
}

/** Aliases, the memories merged into this one, and the supersede chain. */
export function Lineage({ m }: { m: Memory }) {
  const { aliases, mergedFrom } = lineageOf(m);
  const chain = supersedeChain(model.graph, m.id);
  return (
    <div className="lineage" data-testid="lineage">
      {aliases.length > 0 && (
        <div className="lineage-row">
          <span className="lineage-label">Aliases</span>
          <span className="lineage-chips" data-testid="aliases">
            {aliases.map((a) => (
              <span key={a} className="mp-chip">
                {a}
              </span>
            ))}
          </span>
        </div>
      )}
      {mergedFrom.length > 0 && (
        <div className="lineage-row">
          <span className="lineage-label">Merged from</span>
          <ul className="lineage-list">
            {mergedFrom.map((id) => (
              <li key={id}>
                <MemoryLink id={id} testId="merged-from" />
              </li>
            ))}
          </ul>
        </div>
      )}
      {chain.newer.length > 0 && (
        <div className="lineage-row">
          <span className="lineage-label">Superseded by</span>
          <ChainLinks ids={chain.newer} testId="superseded-by" />
        </div>
      )}
      {chain.older.length > 0 && (
        <div className="lineage-row">
          <span className="lineage-label">Supersedes</span>
          <ChainLinks ids={chain.older} testId="supersedes" />
        </div>
      )}
    </div>
  );
}

/** A chain, nearest first: each memory replaced (or was replaced by) the next. */
function ChainLinks({ ids, testId }: { ids: readonly string[]; testId: string }) {
  return (
    <ol className="lineage-list chain">
      {ids.map((id) => (
        <li key={id}>
          <MemoryLink id={id} testId={testId} />
        </li>
      ))}
    </ol>
  );
}
