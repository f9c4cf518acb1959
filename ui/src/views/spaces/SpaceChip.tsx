// A space by name, in its colour: in the inspector, the query form, wherever a memory's space is
// shown. Marked when archived.
import { modelState } from '../../state/model';
import { useStore } from '../../state/store';
import { SpaceDot } from './SpaceDot';
import './spaces.css';

export function SpaceChip({ name, testId }: { name: string; testId?: string }) {
  const space = useStore(modelState, (s) => s.spaceBook.get(name));
  const archived = space?.archived === true;
  const title = [space?.description, archived ? 'Archived: takes no new memories, searched only when named' : ''].filter(Boolean).join(' · ');
  return (
    <span className={`space-chip${archived ? ' archived' : ''}`} data-testid={testId} data-space={name} title={title || `Space “${name}”`}>
      <SpaceDot name={name} />
      <span className="space-chip-name">{name}</span>
      {archived && <span className="space-archived-mark">archived</span>}
    </span>
  );
}
