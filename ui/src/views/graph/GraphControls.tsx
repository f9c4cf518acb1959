import { useRef, useState } from 'react';
import { modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { clearedFilters, ui } from '../../state/ui';
import { filtersActive } from '../../graph/filters';
import type { GraphController } from './controller';
import { useTopInset } from './useTopInset';

const fmtDay = (ms: number) => new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** Floating controls: filters (the spaces are the top bar's switcher), size mode, neighbourhood focus, layout and camera. */
export function GraphControls({ controller, layoutRunning }: { controller: GraphController; layoutRunning: boolean }) {
  const filters = useStore(ui, (s) => s.filters);
  const sizeMode = useStore(ui, (s) => s.sizeMode);
  const focus = useStore(ui, (s) => s.focus);
  const selectedId = useStore(ui, (s) => s.selectedId);
  const order = useStore(modelState, (s) => s.memoryCount);
  // The past keeps the live graph's places: laying it out again would move what it compares with.
  const past = useStore(ui, (s) => s.pastView !== null);
  const [tag, setTag] = useState(filters.tag);
  const toolbar = useRef<HTMLDivElement>(null);
  useTopInset(toolbar, controller);
  // The spaces shown are the top bar's switcher's to change: "Clear filters" leaves them.
  const active = filtersActive({ ...filters, spaces: [] });

  const setFilters = (f: Partial<typeof filters>) => ui.set((s) => ({ filters: { ...s.filters, ...f } }));

  return (
    <>
      <div ref={toolbar} className="graph-toolbar panel-float">
        <label className="field-inline">
          <span>Tag</span>
          <input
            className="tag-input"
            placeholder="#tag"
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') setFilters({ tag });
              if (e.key === 'Escape') {
                setTag('');
                setFilters({ tag: '' });
              }
            }}
            onBlur={() => setFilters({ tag })}
          />
        </label>
        <div className="seg" role="group" aria-label="Node size">
          <button className={sizeMode === 'degree' ? 'on' : ''} onClick={() => ui.set({ sizeMode: 'degree' })} title="Size by number of links">
            Degree
          </button>
          <button className={sizeMode === 'importance' ? 'on' : ''} onClick={() => ui.set({ sizeMode: 'importance' })} title="Size by importance">
            Importance
          </button>
        </div>
        <div className="seg" role="group" aria-label="Focus on neighbourhood">
          {[1, 2, 3].map((k) => (
            <button
              key={k}
              disabled={!selectedId}
              className={focus?.hops === k ? 'on' : ''}
              title={selectedId ? `Show only memories within ${k} link${k > 1 ? 's' : ''} of the selection` : 'Select a memory to focus on its neighbourhood'}
              onClick={() => ui.set({ focus: focus?.hops === k && focus.id === selectedId ? null : { id: selectedId!, hops: k } })}
            >
              {k}-hop
            </button>
          ))}
        </div>
        {(active || focus) && (
          <button
            className="chip-clear"
            onClick={() => {
              setTag('');
              ui.set((s) => ({ filters: clearedFilters(s.filters), focus: null }));
            }}
          >
            Clear filters
          </button>
        )}
      </div>
      {(filters.time || filters.asOf !== null || focus) && (
        <div className="filter-notes">
          {filters.time && (
            <span className="chip">
              {fmtDay(filters.time[0])} – {fmtDay(filters.time[1])}
              <button aria-label="Clear time range" onClick={() => setFilters({ time: null })}>×</button>
            </span>
          )}
          {filters.asOf !== null && (
            <span className="chip" title="Only what was true then: facts valid at that time, events that had happened, and links that held">
              True as of {fmtDay(filters.asOf)}
              <button aria-label="Clear as of" onClick={() => setFilters({ asOf: null })}>×</button>
            </span>
          )}
          {focus && (
            <span className="chip">
              {focus.hops}-hop neighbourhood
              <button aria-label="Clear focus" onClick={() => ui.set({ focus: null })}>×</button>
            </span>
          )}
        </div>
      )}
      <div className="camera-controls panel-float">
        <button title="Zoom in" onClick={() => controller.zoom(1 / 1.6)}>+</button>
        <button title="Zoom out" onClick={() => controller.zoom(1.6)}>−</button>
        <button title="Fit the whole graph" onClick={() => controller.resetCamera()}>⤢</button>
        <button
          title={past ? 'The past keeps the places of the live graph' : layoutRunning ? 'Stop the layout' : order > 20000 ? 'Run the force layout for 10 s (large graph)' : 'Run the force layout'}
          className={layoutRunning ? 'on' : ''}
          disabled={past}
          onClick={() => (layoutRunning ? controller.stopLayout() : controller.runLayout(order > 20000 ? 10000 : 5000))}
        >
          {layoutRunning ? '■' : '↻'}
        </button>
      </div>
    </>
  );
}
