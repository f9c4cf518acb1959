import { useEffect, useMemo, useRef, useState } from 'react';
import { visibility } from '../../graph/filters';
import { model, modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { paletteFor } from '../../state/theme';
import { addMulti, select, toggleMulti, ui, viewingPast } from '../../state/ui';
import { GraphController } from './controller';
import { graphRef } from './graphRef';
import { GraphControls } from './GraphControls';
import { Legend } from './Legend';
import { SelectionBar } from './SelectionBar';

/** The sigma canvas and the controls floating over it. */
export function GraphView({ theme }: { theme: 'light' | 'dark' }) {
  const container = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<GraphController | null>(null);
  const [layoutRunning, setLayoutRunning] = useState(false);
  const graphVersion = useStore(modelState, (s) => s.graphVersion);
  const version = useStore(modelState, (s) => s.version);
  const sizeMode = useStore(ui, (s) => s.sizeMode);
  const filters = useStore(ui, (s) => s.filters);
  const focus = useStore(ui, (s) => s.focus);
  const path = useStore(ui, (s) => s.path);
  const selectedId = useStore(ui, (s) => s.selectedId);
  const multi = useStore(ui, (s) => s.multi);
  const archived = useStore(modelState, (s) => s.archivedSpaces);

  // Sigma is created once the first snapshot is in (it needs positions at once), then fed new graphs.
  useEffect(() => {
    if (graphVersion === 0 || !container.current) return;
    if (graphRef.current) {
      graphRef.current.setGraph(model.graph, modelState.get().graphSource);
      return;
    }
    const c = new GraphController(container.current, model.graph, paletteFor(theme), {
      // The past is read-only: nothing is picked there to act on together.
      clickNode: (id, additive) => (additive && !viewingPast() ? toggleMulti(id) : select(id)),
      clickStage: () => undefined,
      lasso: (ids) => !viewingPast() && addMulti(ids),
      layoutChange: setLayoutRunning,
      firstRender: () => undefined,
    });
    graphRef.current = c;
    setController(c);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [graphVersion]);

  useEffect(
    () => () => {
      graphRef.current?.destroy();
      graphRef.current = null;
    },
    [],
  );

  useEffect(() => {
    if (!controller) return;
    controller.setPalette(paletteFor(theme));
  }, [controller, theme]);

  useEffect(() => controller?.setSizeMode(sizeMode), [controller, sizeMode]);
  useEffect(() => controller?.setSelected(selectedId), [controller, selectedId]);
  useEffect(() => controller?.setMulti(multi), [controller, multi]);

  // Filters change rarely, but deltas change the data: recompute the hidden set on both, throttled.
  const filterKey = useMemo(() => ({ filters, focus, archived }), [filters, focus, archived]);
  const lastVersion = useRef(-1);
  useEffect(() => {
    if (!controller) return;
    const run = () => {
      lastVersion.current = modelState.get().version;
      controller.setHidden(visibility(model.graph, model.memories, filterKey.filters, filterKey.focus, filterKey.archived));
    };
    if (lastVersion.current === -1) return run();
    // Coalesce a dragged brush or slider, and bursts of deltas, into one refresh.
    const t = window.setTimeout(run, version === lastVersion.current ? 60 : 250);
    return () => clearTimeout(t);
  }, [controller, filterKey, version, graphVersion]);

  useEffect(() => {
    if (!controller) return;
    controller.setPath(path);
    if (path) controller.frame(path.nodes);
  }, [controller, path]);

  const pathIds = useMemo(() => (path ? [...path.nodes].join(' ') : ''), [path]);

  return (
    <div className="graph-wrap">
      <div ref={container} className="graph-canvas" data-testid="graph-canvas" data-path-ids={pathIds} />
      {graphVersion > 0 && controller && (
        <>
          <GraphControls controller={controller} layoutRunning={layoutRunning} />
          <Legend />
          <SelectionBar />
        </>
      )}
    </div>
  );
}
