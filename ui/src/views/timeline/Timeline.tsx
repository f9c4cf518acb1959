import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { effectiveTime } from '../../api/types';
import { model, modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { ui } from '../../state/ui';
import { timeSpan } from '../../timeline/asOf';
import { axisTicks, AXIS_STEPS } from '../../timeline/axis';
import { histogram, snapRange, type Histogram } from '../../timeline/histogram';
import { AsOfControl } from './AsOfControl';

const HEIGHT = 64;
const AXIS = 16;

/**
 * Memories on a time axis (density histogram on a canvas), a brush that filters the graph, and an
 * "as of" slider that asks what was true then, or what Mnemo knew then.
 */
export function Timeline() {
  const version = useStore(modelState, (s) => s.version);
  const range = useStore(ui, (s) => s.filters.time);
  // The instant the slider stands at, whichever question it asks.
  const asOf = useStore(ui, (s) => s.pastView?.at ?? s.filters.asOf);
  const known = useStore(ui, (s) => s.pastView !== null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [drag, setDrag] = useState<[number, number] | null>(null);

  // The plot appears only once there is data, so it is measured through a callback ref.
  const observer = useRef<ResizeObserver | null>(null);
  const plot = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(200, el.clientWidth)));
    ro.observe(el);
    observer.current = ro;
  }, []);

  const bins = Math.max(20, Math.floor(width / 4));
  // Times are read from the memories once per data version, into a typed array. The live
  // memories, also while the past shows: the axis and the slider's range stay where they are.
  const { times, span: askable } = useMemo(() => {
    const live = model.liveMemories;
    const out = new Float64Array(live.size);
    let i = 0;
    for (const m of live.values()) out[i++] = Date.parse(effectiveTime(m));
    return { times: out, span: timeSpan(live.values()) };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);
  const hist = useMemo(() => histogram(times, bins), [times, bins]);

  const xOf = (h: Histogram, t: number) => ((t - h.start) / (h.end - h.start)) * width;
  const tOf = (h: Histogram, x: number) => h.start + (Math.max(0, Math.min(width, x)) / width) * (h.end - h.start);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !hist) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = width * dpr;
    c.height = HEIGHT * dpr;
    const ctx = c.getContext('2d')!;
    ctx.scale(dpr, dpr);
    ctx.clearRect(0, 0, width, HEIGHT);
    const css = getComputedStyle(c);
    const bar = css.getPropertyValue('--tl-bar').trim() || '#6d8cff';
    const barOff = css.getPropertyValue('--tl-bar-off').trim() || '#ccc';
    const sel = drag ?? range;
    const bw = width / hist.counts.length;
    const h = HEIGHT - AXIS;
    // Square-root scale: one busy day must not flatten every other.
    const scale = hist.max ? h / Math.sqrt(hist.max) : 0;
    for (let i = 0; i < hist.counts.length; i++) {
      const n = hist.counts[i];
      if (!n) continue;
      const t = hist.start + (i + 0.5) * hist.step;
      const inside = !sel || (t >= Math.min(sel[0], sel[1]) && t <= Math.max(sel[0], sel[1]));
      ctx.fillStyle = inside ? bar : barOff;
      const bh = Math.max(1.5, Math.sqrt(n) * scale);
      ctx.fillRect(i * bw + 0.5, h - bh, Math.max(1, bw - 1), bh);
    }
  }, [hist, width, range, drag, version]);

  if (!hist) return <div className="timeline empty muted small" ref={wrap}>No memories on the time axis yet.</div>;

  const ticks = axisTicks(hist.start, hist.end);
  const sel = drag ?? range;

  const pos = (e: React.PointerEvent) => e.clientX - (e.currentTarget as HTMLElement).getBoundingClientRect().left;

  return (
    <div className="timeline" ref={wrap}>
      <div
        ref={plot}
        className="tl-plot"
        onPointerDown={(e) => {
          (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
          const t = tOf(hist, pos(e));
          setDrag([t, t]);
        }}
        onPointerMove={(e) => drag && setDrag([drag[0], tOf(hist, pos(e))])}
        onPointerUp={(e) => {
          if (!drag) return;
          const t = tOf(hist, pos(e));
          setDrag(null);
          // A click without a drag clears the brush.
          if (Math.abs(xOf(hist, t) - xOf(hist, drag[0])) < 4) ui.set((s) => ({ filters: { ...s.filters, time: null } }));
          else ui.set((s) => ({ filters: { ...s.filters, time: snapRange(hist, drag[0], t) } }));
        }}
        title="Drag to filter the graph by time; click to clear"
      >
        <canvas ref={canvas} style={{ width, height: HEIGHT }} />
        {sel && (
          <div
            className="tl-brush"
            style={{ left: xOf(hist, Math.min(sel[0], sel[1])), width: Math.max(2, Math.abs(xOf(hist, sel[1]) - xOf(hist, sel[0]))) }}
          />
        )}
        {asOf !== null && <div className={`tl-asof${known ? ' known' : ''}`} style={{ left: Math.max(0, Math.min(width - 2, xOf(hist, asOf))) }} />}
        <div className="tl-axis">
          {ticks.map((t, i) => (
            <span key={i} style={{ left: `${(i / AXIS_STEPS) * 100}%` }}>
              {t.label}
            </span>
          ))}
        </div>
      </div>
      <AsOfControl axis={hist} span={askable} />
    </div>
  );
}
