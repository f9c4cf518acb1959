// One space in the switcher's list. The name shows only this space (and closes the list); the
// checkbox, or Space on the name, adds it to those shown or takes it out (the list stays open).
import { modelState } from '../../state/model';
import { memoriesText } from '../../state/spaceBook';
import { useStore } from '../../state/store';
import { SpaceDot } from './SpaceDot';
import { showOnly, toggleShown } from './switch';

interface Props {
  name: string;
  count: number;
  picked: boolean;
  /** A click on the name: the list has done its job. */
  onChosen(): void;
}

export function SpaceMenuRow({ name, count, picked, onChosen }: Props) {
  const description = useStore(modelState, (s) => s.spaceBook.get(name)?.description ?? '');
  return (
    <div className={`space-menu-row${picked ? ' on' : ''}`} data-testid="space-row" data-space={name}>
      <input
        type="checkbox"
        tabIndex={-1}
        checked={picked}
        aria-label={`Show ${name} along with the others`}
        data-testid="space-check"
        onChange={() => toggleShown(name)}
      />
      <button
        type="button"
        data-stop
        role="menuitemcheckbox"
        aria-checked={picked}
        className="space-menu-item"
        data-testid="space-option"
        data-space={name}
        title={description ? `${description}\nClick: only this space · Space: add or remove` : 'Click: only this space · Space: add or remove'}
        onClick={() => {
          showOnly(name);
          onChosen();
        }}
        onKeyDown={(e) => {
          if (e.key === ' ') {
            e.preventDefault();
            toggleShown(name);
          }
        }}
        // A button clicks on Space's release: that would show only this space.
        onKeyUp={(e) => e.key === ' ' && e.preventDefault()}
      >
        <SpaceDot name={name} />
        <span className="space-menu-name">{name}</span>
        <span className="space-menu-count" title={memoriesText(count)}>
          {count.toLocaleString()}
        </span>
      </button>
    </div>
  );
}
