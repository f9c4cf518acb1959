import { useMemo } from 'react';
import { MEMORY_KINDS, type MemoryKind } from '../../api/types';
import { KIND_LABEL } from '../../graph/palette';
import { model, modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { paletteFor, resolveTheme } from '../../state/theme';
import { ui } from '../../state/ui';

/**
 * Colour key by kind, with counts; clicking a kind shows only that kind (shift-click adds). Held
 * memories (waiting for approval), when there are any, get their own entry: it opens the queue.
 */
export function Legend() {
  const version = useStore(modelState, (s) => s.version);
  const kinds = useStore(ui, (s) => s.filters.kinds);
  const theme = useStore(ui, (s) => s.theme);
  const palette = paletteFor(resolveTheme(theme));
  const counts = useMemo(() => {
    const c: Partial<Record<MemoryKind, number>> = {};
    let held = 0;
    model.graph.forEachNode((_, a) => {
      c[a.kind] = (c[a.kind] ?? 0) + 1;
      if (a.held) held++;
    });
    return { kinds: c, held };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);

  const toggle = (k: MemoryKind, add: boolean) => {
    ui.set((s) => {
      const cur = s.filters.kinds;
      let next: MemoryKind[];
      if (add) next = cur.includes(k) ? cur.filter((x) => x !== k) : [...cur, k];
      else next = cur.length === 1 && cur[0] === k ? [] : [k];
      return { filters: { ...s.filters, kinds: next } };
    });
  };

  return (
    <div className="legend panel-float" aria-label="Legend">
      {MEMORY_KINDS.map((k) => {
        const off = kinds.length > 0 && !kinds.includes(k);
        return (
          <button
            key={k}
            className={`legend-item${off ? ' off' : ''}`}
            onClick={(e) => toggle(k, e.shiftKey || e.metaKey || e.ctrlKey)}
            title={`Show only ${KIND_LABEL[k].toLowerCase()}s (shift-click to add or remove)`}
          >
            <span className="dot" style={{ background: palette.kind[k] }} />
            <span>{KIND_LABEL[k]}</span>
            <span className="count">{(counts.kinds[k] ?? 0).toLocaleString()}</span>
          </button>
        );
      })}
      {counts.held > 0 && (
        <button
          className="legend-item legend-held"
          data-testid="legend-held"
          onClick={() => ui.set({ panel: 'review', panelOpen: true })}
          title="Held for review: written by an agent under review, or looking like instructions aimed at a model. No other agent recalls them until approved. Open the review queue"
        >
          <span className="dot held" style={{ borderColor: palette.held }} />
          <span>Held for review</span>
          <span className="count">{counts.held.toLocaleString()}</span>
        </button>
      )}
      <p className="legend-hint" title="Shift-click a memory to pick it; shift-drag on the graph to lasso several">
        <kbd>⇧</kbd> click or drag to select
      </p>
    </div>
  );
}
