import type { TraceSummary } from '../../api/types';
import { ReplayButton } from '../lab/ReplayButton';
import { TraceConfigName } from '../lab/TraceConfigName';
import { fmtAgo, fmtMs } from '../shell/format';

/** Past retrievals, the newest first, agents' included; new ones arrive live. Each can be replayed. */
export function Traces({ traces, openId, onOpen }: { traces: readonly TraceSummary[]; openId: string | null; onOpen(id: string): void }) {
  if (!traces.length) return <p className="muted small">No retrievals yet. Queries by you and by agents appear here.</p>;
  return (
    <ul className="traces">
      {traces.map((t) => (
        <li key={t.id} className="trace-row" data-testid="trace-row" data-id={t.id}>
          <button data-testid="trace-item" data-id={t.id} className={`trace${openId === t.id ? ' open' : ''}`} onClick={() => onOpen(t.id)}>
            <span className="trace-query">{t.query || '(empty query)'}</span>
            <span className="trace-meta muted small">
              <span className={`actor${t.actor.startsWith('agent:') ? ' agent' : ''}`}>{t.actor}</span> · <TraceConfigName name={t.config_name} /> · {t.results} results ·{' '}
              {fmtMs(t.total_ms ?? 0)} · {fmtAgo(t.at)}
            </span>
          </button>
          <ReplayButton traceId={t.id} />
        </li>
      ))}
    </ul>
  );
}
