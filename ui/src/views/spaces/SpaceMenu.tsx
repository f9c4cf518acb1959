// The switcher's list: "All spaces", each space with its colour, memory count and a checkbox to
// show several at once (clicking a name shows only it), archived spaces in a group of their own
// (closed unless one of them is shown), and "Manage spaces…". By keyboard: ↑ ↓ move, Enter shows
// only the space, Space adds or removes it, Esc closes; with many spaces, typing filters.
import { useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { modelState } from '../../state/model';
import { memoriesText } from '../../state/spaceBook';
import { useStore } from '../../state/store';
import { ui } from '../../state/ui';
import { SpaceMenuRow } from './SpaceMenuRow';
import { openSpacesDialog, showAll } from './switch';
import { useSpaceCounts } from './useSpaceCounts';
import { useDismiss } from '../shell/useDismiss';

/** From this many spaces on, the list has a field to find one. */
const FIND_FROM = 9;

export function SpaceMenu({ anchor, onClose }: { anchor: RefObject<HTMLButtonElement | null>; onClose(): void }) {
  const sel = useStore(ui, (s) => s.filters.spaces);
  const names = useStore(modelState, (s) => s.spaces);
  const book = useStore(modelState, (s) => s.spaceBook);
  const counts = useSpaceCounts();
  const root = useRef<HTMLDivElement>(null);
  const [find, setFind] = useState('');
  const anyArchivedShown = sel.some((n) => book.get(n)?.archived);
  const [archivedOpen, setArchivedOpen] = useState(anyArchivedShown);

  const needle = find.trim().toLowerCase();
  const matches = (n: string) => !needle || n.toLowerCase().includes(needle) || (book.get(n)?.description ?? '').toLowerCase().includes(needle);
  const active = names.filter((n) => !book.get(n)?.archived && matches(n));
  const archived = names.filter((n) => book.get(n)?.archived && matches(n));
  const allCount = useMemo(() => names.filter((n) => !book.get(n)?.archived).reduce((a, n) => a + (counts.get(n) ?? 0), 0), [names, book, counts]);
  // Looking for a space opens the group it may be in.
  const showArchived = archivedOpen || (needle !== '' && archived.length > 0);

  // The keyboard goes to what is shown now: the first picked space, else "All spaces".
  useLayoutEffect(() => {
    const first = sel[0];
    const target =
      (first && root.current?.querySelector<HTMLElement>(`[data-testid="space-option"][data-space="${CSS.escape(first)}"]`)) ||
      root.current?.querySelector<HTMLElement>('[data-testid="space-all"]');
    target?.focus();
    // Only on opening.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useDismiss(root, anchor, onClose);

  /** ↑ ↓ Home End move among the list's stops (the find field, the rows, the group, Manage). */
  const move = (e: React.KeyboardEvent) => {
    const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
    if (!keys.includes(e.key) || !root.current) return;
    // In the find field, Home and End move the caret.
    if ((e.key === 'Home' || e.key === 'End') && (e.target as HTMLElement).tagName === 'INPUT') return;
    const stops = [...root.current.querySelectorAll<HTMLElement>('[data-stop]')];
    if (!stops.length) return;
    e.preventDefault();
    const at = stops.indexOf(document.activeElement as HTMLElement);
    let next = 0;
    if (e.key === 'End') next = stops.length - 1;
    else if (e.key === 'ArrowDown') next = at < 0 ? 0 : (at + 1) % stops.length;
    else if (e.key === 'ArrowUp') next = at <= 0 ? stops.length - 1 : at - 1;
    stops[next].focus();
  };

  const done = () => {
    onClose();
    anchor.current?.focus();
  };

  return (
    <div
      ref={root}
      className="space-menu"
      role="menu"
      aria-label="Spaces shown"
      data-testid="space-menu"
      onKeyDown={move}
      onBlur={(e) => {
        // Tabbing out of the list closes it, as a menu does.
        const to = e.relatedTarget as Node | null;
        if (to && !root.current?.contains(to) && !anchor.current?.contains(to)) onClose();
      }}
    >
      {names.length >= FIND_FROM && (
        <input
          data-stop
          className="space-find"
          placeholder="Find a space"
          aria-label="Find a space"
          value={find}
          data-testid="space-find"
          onChange={(e) => setFind(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && active.length + archived.length > 0) {
              e.preventDefault();
              root.current?.querySelector<HTMLElement>('[data-testid="space-option"]')?.click();
            }
          }}
        />
      )}
      <button
        type="button"
        data-stop
        role="menuitemradio"
        aria-checked={sel.length === 0}
        className={`space-all${sel.length === 0 ? ' on' : ''}`}
        data-testid="space-all"
        title="Every space but the archived ones"
        onClick={() => {
          showAll();
          done();
        }}
      >
        <span className="space-check" aria-hidden="true">
          {sel.length === 0 ? '●' : ''}
        </span>
        <span className="space-menu-name">All spaces</span>
        <span className="space-menu-count" title={memoriesText(allCount)}>
          {allCount.toLocaleString()}
        </span>
      </button>
      <div className="space-menu-sep" role="separator" />
      <div className="space-menu-list" role="group" aria-label="Spaces">
        {active.map((n) => (
          <SpaceMenuRow key={n} name={n} count={counts.get(n) ?? 0} picked={sel.includes(n)} onChosen={done} />
        ))}
        {active.length === 0 && needle && <p className="muted small space-menu-none">No space matches “{find.trim()}”.</p>}
      </div>
      {archived.length > 0 && (
        <div className="space-menu-archived" role="group" aria-label="Archived spaces" data-testid="space-archived-group">
          <button
            type="button"
            data-stop
            className="space-menu-group"
            aria-expanded={showArchived}
            data-testid="space-archived-toggle"
            onClick={() => setArchivedOpen(!showArchived)}
          >
            <span className="caret" aria-hidden="true">
              {showArchived ? '▾' : '▸'}
            </span>
            Archived
            <span className="space-menu-count">{archived.length}</span>
          </button>
          {showArchived && (
            <>
              <p className="space-menu-note">Off the graph and out of recalls unless picked.</p>
              {archived.map((n) => (
                <SpaceMenuRow key={n} name={n} count={counts.get(n) ?? 0} picked={sel.includes(n)} onChosen={done} />
              ))}
            </>
          )}
        </div>
      )}
      <div className="space-menu-sep" role="separator" />
      <button type="button" data-stop role="menuitem" className="space-manage" data-testid="space-manage" onClick={() => openSpacesDialog('manage')}>
        Manage spaces…
      </button>
      <p className="space-menu-keys" aria-hidden="true">
        <kbd>Enter</kbd> only this · <kbd>Space</kbd> add or remove · <kbd>Esc</kbd> close
      </p>
    </div>
  );
}
