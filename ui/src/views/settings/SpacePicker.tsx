// Spaces to pick several of, as toggle chips in each space's colour (archived ones dashed); none
// picked means the broad default it names.
import { modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { SpaceDot } from '../spaces/SpaceDot';
import '../spaces/spaces.css';

export function SpacePicker({
  label,
  spaces,
  picked,
  none,
  onChange,
  testId,
  noneTitle,
}: {
  label: string;
  spaces: readonly string[];
  picked: readonly string[];
  /** What no pick means ("every space"). */
  none: string;
  onChange(next: string[]): void;
  testId: string;
  /** A longer word on what no pick means, as the tooltip of its chip. */
  noneTitle?: string;
}) {
  const book = useStore(modelState, (s) => s.spaceBook);
  const toggle = (s: string) => onChange(picked.includes(s) ? picked.filter((x) => x !== s) : [...picked, s]);
  return (
    <fieldset className="tok-spaces" data-testid={testId}>
      <legend>{label}</legend>
      <div className="tok-chips">
        <button
          type="button"
          className={`tok-chip${picked.length === 0 ? ' on' : ''}`}
          aria-pressed={picked.length === 0}
          onClick={() => onChange([])}
          title={noneTitle ?? `Pick no space: ${none}`}
        >
          {none}
        </button>
        {spaces.map((s) => {
          const archived = book.get(s)?.archived === true;
          return (
            <button
              key={s}
              type="button"
              className={`tok-chip${picked.includes(s) ? ' on' : ''}${archived ? ' archived' : ''}`}
              aria-pressed={picked.includes(s)}
              data-space={s}
              title={archived ? `“${s}” is archived: searched only when picked` : undefined}
              onClick={() => toggle(s)}
            >
              <SpaceDot name={s} />
              {s}
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}
