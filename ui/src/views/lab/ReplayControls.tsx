import type { ReplayState } from '../../state/lab';
import { runReplay } from '../../state/lab';
import { ConfigSelect } from './ConfigSelect';

/** Against today's memory or as of the trace's time; with its own configuration or a saved one. */
export function ReplayControls({ state, ownConfig }: { state: ReplayState; ownConfig: string | null }) {
  const busy = state.status === 'loading';
  const rerun = (asOfThen: boolean, configName: string | null) => void runReplay(state.traceId, asOfThen, configName);
  return (
    <div className="replay-controls">
      <div className="seg" role="group" aria-label="Replay against">
        <button
          type="button"
          className={state.asOfThen ? '' : 'on'}
          aria-pressed={!state.asOfThen}
          data-testid="replay-today"
          disabled={busy}
          onClick={() => state.asOfThen && rerun(false, state.configName)}
          title="Run the query against the memory as it is now"
        >
          Today
        </button>
        <button
          type="button"
          className={state.asOfThen ? 'on' : ''}
          aria-pressed={state.asOfThen}
          data-testid="replay-as-of-then"
          disabled={busy}
          onClick={() => !state.asOfThen && rerun(true, state.configName)}
          title="Run it against the memory as Mnemo knew it when the trace was recorded: what the asker could have found then"
        >
          As of then
        </button>
      </div>
      <label className="field-inline">
        with
        <ConfigSelect
          value={state.configName}
          ownLabel={`its own${ownConfig ? ` (${ownConfig})` : ''}`}
          onChange={(name) => rerun(state.asOfThen, name)}
          testId="replay-config"
          disabled={busy}
        />
      </label>
      {busy && <span className="muted small replay-busy">Replaying…</span>}
    </div>
  );
}
