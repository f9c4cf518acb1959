// A small panel that opens above a button of the selection bar: Esc or a click elsewhere closes
// it and gives the keyboard back to the button.
import { useEffect, useLayoutEffect, useRef, type ReactNode, type RefObject } from 'react';

interface Props {
  anchor: RefObject<HTMLButtonElement | null>;
  label: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
}

export function Popover({ anchor, label, testId, onClose, children }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (root.current?.contains(t) || anchor.current?.contains(t)) return;
      close.current();
    };
    // Esc closes this panel only, wherever the keyboard is: the app's Esc would clear the
    // selection, and a view's keys would act. Capture phase, so this runs before either.
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
  }, [anchor]);

  // Over its button, kept inside the bar's width where the button sits near the bar's end.
  useLayoutEffect(() => {
    const el = root.current;
    const a = anchor.current;
    const bar = el?.offsetParent as HTMLElement | null;
    if (!el || !a || !bar) return;
    const left = Math.min(a.offsetLeft - 8, bar.clientWidth - el.offsetWidth);
    el.style.left = `${Math.max(0, left)}px`;
  }, [anchor]);

  return (
    <div
      ref={root}
      className="popover"
      role="dialog"
      aria-label={label}
      data-testid={testId}
    >
      {children}
    </div>
  );
}
