// A space's colour: "automatic" (its name's palette colour, stored as empty), one of the palette's
// swatches, or any `#rrggbb` typed. Arrow keys move along the swatches, as in a radio group.
import { useEffect, useState } from 'react';
import { autoColour, colourName, parseHex, SPACE_SWATCHES } from '../../state/spaceColour';

interface Props {
  /** The space's name, for its automatic colour. */
  name: string;
  /** `#rrggbb`, or '' for automatic. */
  value: string;
  onChange(colour: string): void;
  disabled?: boolean;
  testId: string;
  /** A refusal from the engine, shown beside the hex field. */
  error?: string | null;
}

export function ColourPicker({ name, value, onChange, disabled, testId, error }: Props) {
  const [hex, setHex] = useState(value);
  const [bad, setBad] = useState(false);
  useEffect(() => {
    setHex(value);
    setBad(false);
  }, [value]);

  const choices = ['', ...SPACE_SWATCHES.map((s) => s.hex)];
  const current = choices.includes(value) ? value : null;
  const commitHex = () => {
    const parsed = parseHex(hex);
    if (parsed === null) return setBad(true);
    setBad(false);
    if (parsed !== value) onChange(parsed);
  };
  const auto = autoColour(name || '?');

  return (
    <div className="colour-picker" data-testid={testId}>
      <div
        className="colour-swatches"
        role="radiogroup"
        aria-label="Colour"
        onKeyDown={(e) => {
          if (!['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp'].includes(e.key)) return;
          e.preventDefault();
          const i = Math.max(0, choices.indexOf(value));
          const next = choices[(i + (e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : choices.length - 1)) % choices.length];
          onChange(next);
          const el = e.currentTarget.querySelector<HTMLButtonElement>(`[data-colour="${next || 'auto'}"]`);
          el?.focus();
        }}
      >
        {choices.map((c) => {
          const on = c === value;
          const isAuto = c === '';
          return (
            <button
              key={c || 'auto'}
              type="button"
              role="radio"
              aria-checked={on}
              // One stop in the tab order: the chosen swatch (automatic when none of them is).
              tabIndex={on || (current === null && isAuto) ? 0 : -1}
              disabled={disabled}
              className={`colour-swatch${isAuto ? ' auto' : ''}${on ? ' on' : ''}`}
              style={{ background: isAuto ? auto : c }}
              data-colour={c || 'auto'}
              title={isAuto ? `Automatic: ${colourName(auto)}, from the name` : colourName(c)}
              aria-label={isAuto ? 'Automatic colour' : colourName(c)}
              onClick={() => onChange(c)}
            >
              {isAuto && <span aria-hidden="true">A</span>}
            </button>
          );
        })}
      </div>
      <input
        className="hex-input"
        value={hex}
        placeholder="#rrggbb"
        aria-label="Colour as #rrggbb (empty: automatic)"
        aria-invalid={bad || !!error ? true : undefined}
        data-testid={`${testId}-hex`}
        disabled={disabled}
        spellCheck={false}
        onChange={(e) => {
          setHex(e.target.value);
          setBad(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commitHex();
          }
        }}
        onBlur={commitHex}
      />
      {(bad || error) && (
        <span className="space-field-error" role="alert" data-testid={`${testId}-error`}>
          {bad ? 'Write a colour as #rrggbb, or leave it empty for automatic.' : error}
        </span>
      )}
    </div>
  );
}
