// The timeline's "as of" control: an instant (slider and a date-time field to the second) and the
// question asked of it — what was true then (a filter on the live graph) or what Mnemo knew then
// (the graph read back from the log, read-only).
import { backToNow, viewKnownAt } from '../../state/past';
import { useStore } from '../../state/store';
import { ui, type AsOfMode } from '../../state/ui';
import { asOfBounds, fromLocalInput, toLocalInput, type TimeSpan } from '../../timeline/asOf';
import './asof.css';

const MODE_HELP: Record<AsOfMode, string> = {
  true: 'True then: the graph as it is now, showing only the facts valid at that time and the events that had happened (links too).',
  known: 'Known then: the graph exactly as Mnemo had recorded it at that time — later additions, edits, merges and forgets undone; read-only.',
};

/** Sets the instant under the current question, entering or leaving the past as needed. */
function setInstant(mode: AsOfMode, at: number | null): void {
  if (mode === 'known') {
    if (at === null) backToNow();
    else viewKnownAt(at);
  } else {
    ui.set((s) => ({ filters: { ...s.filters, asOf: at } }));
  }
}

/** Switches the question, keeping the instant when one is set. */
function setMode(next: AsOfMode): void {
  const s = ui.get();
  if (s.asOfMode === next) return;
  const at = s.pastView?.at ?? s.filters.asOf;
  ui.set({ asOfMode: next });
  if (at === null) return;
  if (next === 'known') viewKnownAt(at);
  else {
    backToNow();
    setInstant('true', at);
  }
}

export function AsOfControl({ axis, span }: { axis: { start: number; end: number }; span: TimeSpan | null }) {
  const mode = useStore(ui, (s) => s.asOfMode);
  const at = useStore(ui, (s) => (s.asOfMode === 'known' ? (s.pastView?.at ?? null) : s.filters.asOf));
  const loading = useStore(ui, (s) => s.pastView?.loading ?? false);
  const [lo, hi] = asOfBounds(axis, span, mode);
  const on = at !== null;

  return (
    <div className={`tl-asof-control small${mode === 'known' && on ? ' known' : ''}`} data-testid="asof-control" data-mode={mode}>
      <div className="asof-head">
        <label className="asof-toggle" title={MODE_HELP[mode]}>
          <input type="checkbox" data-testid="asof-toggle" checked={on} onChange={(e) => setInstant(mode, e.target.checked ? hi : null)} />
          <span>As of</span>
        </label>
        <div className="seg asof-mode" role="radiogroup" aria-label="What the as-of shows">
          {(['true', 'known'] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={mode === m}
              data-testid={`asof-mode-${m}`}
              className={mode === m ? 'on' : ''}
              title={MODE_HELP[m]}
              onClick={() => setMode(m)}
            >
              {m === 'true' ? 'true then' : 'known then'}
            </button>
          ))}
        </div>
      </div>
      <input
        type="range"
        aria-label={mode === 'true' ? 'True as of' : 'Known at'}
        data-testid="asof-slider"
        min={lo}
        max={hi}
        step={Math.max(1, (hi - lo) / 1000)}
        disabled={!on}
        value={at ?? hi}
        onChange={(e) => setInstant(mode, Math.round(Number(e.target.value)))}
      />
      <div className="asof-when">
        {on ? (
          <input
            type="datetime-local"
            step={1}
            aria-label={mode === 'true' ? 'True as of (date and time)' : 'Known at (date and time)'}
            data-testid="asof-input"
            value={toLocalInput(at)}
            onChange={(e) => {
              const t = fromLocalInput(e.target.value);
              if (t !== null) setInstant(mode, t);
            }}
          />
        ) : (
          <span className="asof-date">now</span>
        )}
        {loading && (
          <span className="asof-loading" data-testid="asof-loading" role="status">
            loading…
          </span>
        )}
      </div>
    </div>
  );
}
