// Tells the graph how far the floating toolbar reaches down over the stage, so that it frames
// the nodes below it; measured again whenever the toolbar changes size (it wraps on a narrow
// stage).
import { useLayoutEffect, type RefObject } from 'react';
import type { GraphController } from './controller';

export function useTopInset(toolbar: RefObject<HTMLElement | null>, controller: GraphController): void {
  useLayoutEffect(() => {
    const el = toolbar.current;
    if (!el) return;
    // The toolbar and the canvas share their positioned parent, so offsets are stage pixels.
    const measure = () => controller.setTopInset(el.offsetTop + el.offsetHeight);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [toolbar, controller]);
}
