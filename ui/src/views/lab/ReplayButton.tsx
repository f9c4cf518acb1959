import { useEffect, useRef, useState } from 'react';
import { lab, loadConfigs, runReplay } from '../../state/lab';
import { useStore } from '../../state/store';

/** A trace's Replay: one click against today's memory with its own configuration; ▾ for as of then, or another configuration. */
export function ReplayButton({ traceId }: { traceId: string }) {
  const [open, setOpen] = useState(false);
  const [asOfThen, setAsOfThen] = useState(false);
  const book = useStore(lab, (s) => s.book);
  const box = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (!open) return;
    if (!lab.get().book) void loadConfigs();
    const away = (e: MouseEvent) => !box.current?.contains(e.target as Node) && setOpen(false);
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, [open]);

  const go = (configName: string | null) => {
    setOpen(false);
    void runReplay(traceId, asOfThen, configName);
  };

  return (
    <span className="replay-btn" ref={box}>
      <button type="button" className="mini" data-testid="trace-replay" title="Run it again against today’s memory, with its own configuration, beside the original" onClick={() => go(null)}>
        Replay
      </button>
      <button type="button" className="mini caret-btn" aria-label="Replay options" aria-expanded={open} data-testid="trace-replay-more" onClick={() => setOpen(!open)}>
        ▾
      </button>
      {open && (
        <div
          className="replay-menu"
          role="menu"
          data-testid="replay-menu"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setOpen(false);
            }
          }}
        >
          <div className="seg" role="group" aria-label="Against">
            <button type="button" className={asOfThen ? '' : 'on'} onClick={() => setAsOfThen(false)} data-testid="replay-menu-today">
              Today’s memory
            </button>
            <button type="button" className={asOfThen ? 'on' : ''} onClick={() => setAsOfThen(true)} data-testid="replay-menu-then" title="As Mnemo knew it when the trace was recorded: what the asker could have found then">
              As of then
            </button>
          </div>
          <div className="replay-menu-label muted small">with</div>
          <button type="button" role="menuitem" className="replay-menu-item" onClick={() => go(null)} data-testid="replay-menu-own">
            its own configuration
          </button>
          {book?.configs.map((c) => (
            <button key={c.name} type="button" role="menuitem" className="replay-menu-item" onClick={() => go(c.name)} data-config={c.name}>
              {c.name}
              {c.name === book.default ? <span className="muted small"> ★ default</span> : null}
            </button>
          ))}
        </div>
      )}
    </span>
  );
}
