// Toasts, bottom right; they rise above the graph's selection bar (and its open Tag or Move
// panel) where it reaches under them, so that neither hides the other: a refused move's error
// must be readable beside the panel that made it.
import { useLayoutEffect, useRef, useState } from 'react';
import { useStore } from '../../state/store';
import { dismissToast, ui } from '../../state/ui';

/** Space between the selection bar and the lowest toast. */
const GAP = 10;

export function Toasts() {
  const toasts = useStore(ui, (s) => s.toasts);
  const picking = useStore(ui, (s) => s.multi.length > 0);
  const box = useRef<HTMLDivElement>(null);
  const [bottom, setBottom] = useState<number | null>(null);

  useLayoutEffect(() => {
    const bar = picking ? document.querySelector<HTMLElement>('[data-testid="selection-bar"]') : null;
    const el = box.current;
    if (!bar || !el) {
      setBottom(null);
      return;
    }
    const place = () => {
      const rects = [bar, ...bar.querySelectorAll<HTMLElement>('.popover')].map((e) => e.getBoundingClientRect());
      const t = el.getBoundingClientRect();
      const under = rects.filter((r) => r.left < t.right && r.right > t.left);
      setBottom(under.length ? window.innerHeight - Math.min(...under.map((r) => r.top)) + GAP : null);
    };
    place();
    // The bar moves when the stage changes size (the side panel, the window) or it wraps; its
    // panels open, close and grow.
    const ro = new ResizeObserver(place);
    ro.observe(bar);
    if (bar.parentElement) ro.observe(bar.parentElement);
    const mo = new MutationObserver(() => {
      bar.querySelectorAll('.popover').forEach((p) => ro.observe(p));
      place();
    });
    mo.observe(bar, { childList: true });
    return () => {
      ro.disconnect();
      mo.disconnect();
    };
  }, [picking]);

  return (
    <div ref={box} className="toasts" aria-live="polite" style={bottom === null ? undefined : { bottom }}>
      {toasts.map((t) => (
        <div key={t.id} className={`toast t-${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'} data-testid="toast">
          <div className="toast-body">
            <strong>{t.title}</strong>
            {t.detail && <div className="toast-detail">{t.detail}</div>}
            {t.actions && t.actions.length > 0 && (
              <div className="toast-actions">
                {t.actions.map((a) => (
                  <button
                    key={a.label}
                    className="mini"
                    onClick={() => {
                      dismissToast(t.id);
                      a.run();
                    }}
                  >
                    {a.label}
                  </button>
                ))}
              </div>
            )}
          </div>
          <button className="icon" aria-label="Dismiss" onClick={() => dismissToast(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
