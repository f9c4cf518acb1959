// The Stale section's threshold: a small button in its header showing "below N%", and the
// editor it opens under the header (slider and number), one sentence saying what it means.
import { useEffect, useRef, useState } from 'react';
import { clampStale, reviewSettings, setStaleBelow, STALE_DEFAULT, STALE_MAX, STALE_MIN } from '../../state/reviewSettings';
import { useStore } from '../../state/store';
import { formatThreshold } from './retention';
import './threshold.css';

const EDITOR_ID = 'rv-stale-threshold';

export function StaleThresholdButton() {
  const below = useStore(reviewSettings, (s) => s.staleBelow);
  const editing = useStore(reviewSettings, (s) => s.editing);
  return (
    <button
      className={`mini ghost rv-threshold-btn${editing ? ' on' : ''}`}
      data-testid="stale-threshold-button"
      data-keeps-focus
      aria-expanded={editing}
      aria-controls={editing ? EDITOR_ID : undefined}
      aria-label={`Stale threshold: below ${formatThreshold(below)} retained. Change it`}
      title="Change when a memory counts as stale"
      onClick={() => reviewSettings.set({ editing: !editing })}
    >
      <span aria-hidden="true">⚙</span> below {formatThreshold(below)}
    </button>
  );
}

export function StaleThresholdEditor() {
  const below = useStore(reviewSettings, (s) => s.staleBelow);
  const focusRequest = useStore(reviewSettings, (s) => s.focusRequest);
  /** What is typed in the number field, while it differs from the threshold; else null. */
  const [draft, setDraft] = useState<string | null>(null);
  const number = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);

  // Opening it, from the header's button or the command palette, puts the keyboard in it.
  useEffect(() => {
    number.current?.focus();
    number.current?.select();
  }, [focusRequest]);

  const close = () => {
    reviewSettings.set({ editing: false });
    root.current?.closest('section')?.querySelector<HTMLButtonElement>('.rv-threshold-btn')?.focus();
  };
  /** Keeps what was typed when it is a number, clamped; else shows the threshold again. */
  const commit = () => {
    if (draft === null) return;
    const n = Number(draft);
    if (draft.trim() !== '' && Number.isFinite(n)) setStaleBelow(n);
    setDraft(null);
  };

  return (
    <div
      ref={root}
      id={EDITOR_ID}
      className="rv-threshold"
      role="group"
      aria-label="Stale threshold"
      data-testid="stale-threshold"
      data-keeps-focus
      onKeyDown={(e) => {
        // Esc closes the editor only: not the panel, nor a selection on the graph.
        if (e.key === 'Escape') {
          e.stopPropagation();
          commit();
          close();
        }
      }}
    >
      <div className="rv-threshold-row">
        <label htmlFor="rv-stale-range">Stale below</label>
        <input
          id="rv-stale-range"
          type="range"
          min={STALE_MIN}
          max={STALE_MAX}
          step={1}
          value={below}
          data-testid="stale-threshold-range"
          aria-valuetext={`${formatThreshold(below)} retained`}
          onChange={(e) => setStaleBelow(Number(e.target.value))}
        />
        <span className="rv-threshold-num">
          <input
            ref={number}
            type="number"
            inputMode="numeric"
            min={STALE_MIN}
            max={STALE_MAX}
            step={1}
            value={draft ?? String(below)}
            aria-label="Stale below, percent retained"
            data-testid="stale-threshold-input"
            onChange={(e) => {
              setDraft(e.target.value);
              // Applied as typed when it already makes sense; the queue waits for typing to pause.
              const n = Number(e.target.value);
              if (e.target.value.trim() !== '' && n === clampStale(n)) setStaleBelow(n);
            }}
            onBlur={commit}
            onKeyDown={(e) => e.key === 'Enter' && commit()}
          />
          %
        </span>
        {below !== STALE_DEFAULT && (
          <button className="mini ghost" title={`Back to ${formatThreshold(STALE_DEFAULT)}`} onClick={() => {
              setStaleBelow(STALE_DEFAULT);
              setDraft(null);
            }}>
            Reset
          </button>
        )}
      </div>
      <p className="rv-threshold-why">
        A memory is stale when it keeps less than {formatThreshold(below)} of its strength: it fades with age, slower when
        recalled often or important; pinned ones never fade.
      </p>
    </div>
  );
}
