// Closing a floating panel the way people expect: a click outside it (and outside its button)
// or Esc closes it, and Esc gives the keyboard back to the button. Esc is caught in the capture
// phase and stopped, so the app's own Esc (clearing the selection) does not act as well.
import { useEffect, useRef, type RefObject } from 'react';

export function useDismiss(root: RefObject<HTMLElement | null>, anchor: RefObject<HTMLElement | null>, onClose: () => void): void {
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (root.current?.contains(t) || anchor.current?.contains(t)) return;
      close.current();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopImmediatePropagation();
      close.current();
      anchor.current?.focus();
    };
    document.addEventListener('mousedown', onDown, true);
    window.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('mousedown', onDown, true);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [root, anchor]);
}
