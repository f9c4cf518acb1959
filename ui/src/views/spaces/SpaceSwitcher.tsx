// The space switcher in the top bar: says which spaces the explorer shows ("All spaces", one
// space in its colour, "work + 2 more") and opens the list to change that (S, or ↓ on it).
import { useRef } from 'react';
import { modelState } from '../../state/model';
import { selectionLabel } from '../../state/spaceSelection';
import { useStore } from '../../state/store';
import { ui } from '../../state/ui';
import { SpaceDot } from './SpaceDot';
import { SpaceMenu } from './SpaceMenu';
import './spaces.css';

export function SpaceSwitcher() {
  const sel = useStore(ui, (s) => s.filters.spaces);
  const open = useStore(ui, (s) => s.spaceMenuOpen);
  const known = useStore(modelState, (s) => s.spaces);
  const button = useRef<HTMLButtonElement>(null);
  const label = selectionLabel(sel);
  const setOpen = (v: boolean) => ui.set({ spaceMenuOpen: v });

  return (
    <div className="space-switcher">
      <button
        ref={button}
        type="button"
        className={`space-switch${sel.length ? ' picked' : ''}${open ? ' open' : ''}`}
        data-testid="space-switcher"
        data-selection={sel.join('\n')}
        aria-haspopup="menu"
        aria-expanded={open}
        title={sel.length ? `Showing ${sel.join(', ')} (S to switch)` : 'Showing every space but archived ones (S to switch)'}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        <span className="space-switch-dots" aria-hidden="true">
          {sel.length === 0 ? <AllDots names={known} /> : sel.slice(0, 3).map((n) => <SpaceDot key={n} name={n} size={10} />)}
        </span>
        <span className="space-switch-label" data-testid="space-switcher-label">
          {label}
        </span>
        <span className="space-switch-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open && <SpaceMenu anchor={button} onClose={() => setOpen(false)} />}
    </div>
  );
}

/** "All spaces": the first few spaces' colours, overlapping. */
function AllDots({ names }: { names: readonly string[] }) {
  const book = useStore(modelState, (s) => s.spaceBook);
  const shown = names.filter((n) => !book.get(n)?.archived).slice(0, 3);
  return (
    <>
      {shown.map((n) => (
        <SpaceDot key={n} name={n} size={10} />
      ))}
    </>
  );
}
