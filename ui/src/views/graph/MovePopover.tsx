// Move a selection to a space: the spaces there are, filtered by what is typed, or a new one.
import { useEffect, useState, type RefObject } from 'react';
import { getApi } from '../../api';
import { modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { memories, spaceChoices } from './bulk';
import { Popover } from './Popover';

interface Props {
  anchor: RefObject<HTMLButtonElement | null>;
  count: number;
  /** The spaces the selection is in now. */
  current: readonly string[];
  busy: boolean;
  onApply(space: string): void;
  onClose(): void;
}

export function MovePopover({ anchor, count, current, busy, onApply, onClose }: Props) {
  const known = useStore(modelState, (s) => s.spaces);
  const book = useStore(modelState, (s) => s.spaceBook);
  // The graph knows the spaces its memories are in; the engine also knows empty ones.
  const [listed, setListed] = useState<readonly string[]>([]);
  useEffect(() => {
    let alive = true;
    getApi()
      .listSpaces({})
      .then((ss) => alive && setListed(ss.map((s) => s.name)), () => undefined);
    return () => {
      alive = false;
    };
  }, []);
  const [text, setText] = useState('');
  /** The option the keyboard is on; null: the first that is a move. */
  const [active, setActive] = useState<number | null>(null);
  // Archived spaces take no new memories: they are not offered.
  const { matches, create } = spaceChoices([...known, ...listed].filter((n) => !book.get(n)?.archived), text);
  // A space every picked memory is in already is no move.
  const here = current.length === 1 ? current[0] : null;
  const options = [...matches.map((name) => ({ name, isNew: false })), ...(create ? [{ name: create, isNew: true }] : [])];
  const pick = active !== null && active < options.length ? active : options.findIndex((o) => o.name !== here);
  const choose = (name: string) => !busy && name !== here && onApply(name);

  return (
    <Popover anchor={anchor} label={`Move ${memories(count)} to a space`} testId="move-popover" onClose={onClose}>
      <div className="pop-head">Move {memories(count)} to a space</div>
      <input
        autoFocus
        className="pop-input"
        data-testid="move-input"
        placeholder="Find or create a space"
        value={text}
        readOnly={busy}
        role="combobox"
        aria-expanded="true"
        aria-controls="move-options"
        aria-activedescendant={options[pick] ? `move-opt-${pick}` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setActive(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const d = e.key === 'ArrowDown' ? 1 : -1;
            setActive(Math.max(0, Math.min(options.length - 1, pick + d)));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            if (options[pick]) choose(options[pick].name);
          }
        }}
      />
      <ul className="pop-list" id="move-options" role="listbox" aria-label="Spaces">
        {options.map((o, i) => (
          <li key={`${o.isNew}:${o.name}`} role="presentation">
            <button
              id={`move-opt-${i}`}
              role="option"
              aria-selected={i === pick}
              className={i === pick ? 'active' : ''}
              data-testid="move-option"
              data-space={o.name}
              disabled={o.name === here}
              aria-disabled={busy}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(o.name)}
            >
              {o.isNew ? (
                <>
                  <span className="pop-new">New space</span> “{o.name}”
                </>
              ) : (
                <span className="pop-name">{o.name}</span>
              )}
              {!o.isNew && current.includes(o.name) && (
                <span className="muted small">{o.name === here ? 'all here' : 'some here'}</span>
              )}
            </button>
          </li>
        ))}
        {options.length === 0 && <li className="muted small pop-none">Type a name for a new space</li>}
      </ul>
      <div className="pop-foot">
        <span className="muted small">
          <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> moves · <kbd>Esc</kbd> closes
        </span>
        {busy && <span className="muted small">Moving…</span>}
      </div>
    </Popover>
  );
}
