// A space's swatch in the Manage spaces list: opens the colour picker under it; each pick is
// saved at once (and said in a toast). Esc or a click elsewhere closes it.
import { useEffect, useRef, useState } from 'react';
import type { Space } from '../../api/types';
import { colourName, spaceColour } from '../../state/spaceColour';
import { ColourPicker } from './ColourPicker';
import { colourSpace } from './spaceActions';

export function ColourButton({ space, disabled }: { space: Space; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const colour = spaceColour(space);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown, true);
    return () => document.removeEventListener('mousedown', onDown, true);
  }, [open]);

  const pick = async (c: string) => {
    setError(null);
    const refused = await colourSpace(space.name, c);
    if (refused) setError(refused.message);
  };

  return (
    <div className="colour-button" ref={root}>
      <button
        ref={button}
        type="button"
        className="colour-swatch big"
        style={{ background: colour }}
        disabled={disabled}
        aria-haspopup="dialog"
        aria-expanded={open}
        data-testid="space-colour"
        title={`Colour: ${space.colour ? colourName(space.colour) : `automatic (${colourName(colour)})`}. Click to change`}
        aria-label={`Colour of ${space.name}`}
        onClick={() => setOpen(!open)}
      />
      {open && (
        <div
          className="colour-pop"
          role="dialog"
          aria-label={`Colour of ${space.name}`}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.stopPropagation();
            setOpen(false);
            button.current?.focus();
          }}
        >
          <ColourPicker name={space.name} value={space.colour ?? ''} onChange={(c) => void pick(c)} testId="space-colour-picker" error={error} />
        </div>
      )}
    </div>
  );
}
