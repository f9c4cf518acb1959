// A small panel that opens above a button of the selection bar: Esc or a click elsewhere closes
// it and gives the keyboard back to the button.
import { useLayoutEffect, useRef, type ReactNode, type RefObject } from 'react';
import { useDismiss } from '../shell/useDismiss';

interface Props {
  anchor: RefObject<HTMLButtonElement | null>;
  label: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
}

export function Popover({ anchor, label, testId, onClose, children }: Props) {
  const root = useRef<HTMLDivElement>(null);
  useDismiss(root, anchor, onClose);

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
