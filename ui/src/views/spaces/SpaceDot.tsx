// A space's colour as a dot: its own colour, or its name's from the palette. Archived spaces'
// dots are hollow, as they are set aside.
import { modelState } from '../../state/model';
import { placeholder } from '../../state/spaceBook';
import { spaceColour } from '../../state/spaceColour';
import { useStore } from '../../state/store';

export function SpaceDot({ name, size = 9 }: { name: string; size?: number }) {
  const space = useStore(modelState, (s) => s.spaceBook.get(name)) ?? placeholder(name);
  const colour = spaceColour(space);
  return (
    <span
      className={`space-dot${space.archived ? ' archived' : ''}`}
      aria-hidden="true"
      data-colour={colour}
      style={{ width: size, height: size, ...(space.archived ? { borderColor: colour } : { background: colour }) }}
    />
  );
}
