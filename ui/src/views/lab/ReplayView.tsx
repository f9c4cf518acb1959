import { useMemo } from 'react';
import { movementCounts, movementSummary } from '../../lab/replayDiff';
import { comparePaths } from '../../retrieval/pathOverlay';
import { lab } from '../../state/lab';
import { useStore } from '../../state/store';
import { ui } from '../../state/ui';
import { fmtAgo, fmtDate } from '../shell/format';
import { CompareLegend } from './CompareLegend';
import { ReplayColumns } from './ReplayColumns';
import { ReplayControls } from './ReplayControls';

/** A replay beside its original: what ran, the two rankings, and both paths on the graph. */
export function ReplayView() {
  const state = useStore(lab, (s) => s.replay);
  const hasPath = useStore(ui, (s) => s.path?.compare !== undefined);
  const result = state?.result ?? null;
  const counts = useMemo(() => (result ? movementCounts(result.changes) : null), [result]);

  if (!state) {
    return (
      <div className="lab-empty" data-testid="replay-empty">
        <p>
          <strong>Replay a past retrieval.</strong>
        </p>
        <p className="muted">
          In the Retrieval tab’s list of recent retrievals — yours or an agent’s — press <em>Replay</em> on one. It runs again against
          today’s memory (or as Mnemo knew it then), with its own configuration or another, and opens here beside the original.
        </p>
      </div>
    );
  }
  const original = result?.original;
  return (
    <div className="replay-view" data-testid="replay-view" data-status={state.status}>
      {original ? (
        <div className="replay-head">
          <div className="replay-query">“{original.query.text}”</div>
          <div className="muted small">
            asked by <span className={`actor${original.actor.startsWith('agent:') ? ' agent' : ''}`}>{original.actor}</span> ·{' '}
            <span title={fmtDate(original.at)}>{fmtAgo(original.at)}</span> · configuration{' '}
            <span className="config-name" data-testid="replay-original-config">{original.config_name || 'unnamed'}</span>
            {result && (
              <>
                {' '}→ replayed with <span className="config-name" data-testid="replay-config-name">{result.replay.trace.config_name || 'unnamed'}</span>
              </>
            )}
          </div>
        </div>
      ) : (
        <div className="replay-head muted">{state.status === 'error' ? 'The replay failed.' : 'Replaying…'}</div>
      )}
      <ReplayControls state={state} ownConfig={original?.config_name ?? null} />
      {state.status === 'error' && <p className="rv-error" role="alert">{state.error}</p>}
      {result && counts && (
        <>
          <div className="replay-summary" data-testid="replay-summary">
            <strong>{movementSummary(counts)}</strong>
            <span className="muted small">
              {counts.up} up · {counts.down} down · {counts.same} unchanged
            </span>
            <span className="spacer" />
            {hasPath ? (
              <button className="ghost small" onClick={() => ui.set({ path: null })}>
                Hide paths
              </button>
            ) : (
              <button className="ghost small" onClick={() => ui.set({ path: comparePaths(result.original, result.replay.trace) })}>
                Show both paths
              </button>
            )}
          </div>
          <CompareLegend />
          <ReplayColumns replay={result} />
          <p className="muted small lab-keys">
            A replay records nothing. Click a memory to find it on the graph; <kbd>▸</kbd> or <kbd>Enter</kbd> shows its signals in both runs. On a focused row, <kbd>r</kbd> marks it
            relevant to this query, <kbd>n</kbd> not relevant, <kbd>0</kbd> clears.
          </p>
        </>
      )}
    </div>
  );
}
