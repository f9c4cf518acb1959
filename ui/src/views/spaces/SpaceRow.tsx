// One space in the Manage spaces dialog: its colour, name and description edited in place, how
// many memories it holds, Archive / Unarchive and Delete…. The default space is only described
// and coloured: writes that name no space land there.
import { useState } from 'react';
import type { Space } from '../../api/types';
import { modelState } from '../../state/model';
import { DEFAULT_SPACE, memoriesText } from '../../state/spaceBook';
import { nameProblem } from '../../state/spaceErrors';
import { useStore } from '../../state/store';
import { ColourButton } from './ColourButton';
import { InlineField } from './InlineField';
import { describeSpace, renameSpace, setArchived } from './spaceActions';

const FIXED = `Writes that name no space land in “${DEFAULT_SPACE}”: it cannot be renamed, archived or deleted.`;

interface Props {
  space: Space;
  count: number;
  fresh: boolean;
  onDelete(): void;
  onRenamed(name: string): void;
}

export function SpaceRow({ space, count, fresh, onDelete, onRenamed }: Props) {
  const book = useStore(modelState, (s) => s.spaceBook);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fixed = space.name === DEFAULT_SPACE;

  const toggleArchive = async () => {
    setBusy(true);
    setError(null);
    const refused = await setArchived(space.name, !space.archived);
    setBusy(false);
    if (refused) setError(refused.message);
  };

  return (
    <li className={`space-item${space.archived ? ' archived' : ''}${fresh ? ' fresh' : ''}`} data-testid="space-item" data-space={space.name}>
      <ColourButton space={space} />
      <div className="space-item-main">
        <div className="space-item-name">
          <InlineField
            // A rename is a new row's worth of state: start its field afresh.
            key={space.name}
            value={space.name}
            label="Name"
            testId="space-name"
            className="space-name-field"
            locked={fixed ? FIXED : null}
            check={(v) => nameProblem(v, book, space.name)}
            onSave={async (v) => {
              const refused = await renameSpace(space.name, v);
              if (!refused) onRenamed(v.trim());
              return refused?.message ?? null;
            }}
          />
          {fixed && <span className="space-badge" title={FIXED}>default</span>}
          {space.archived && <span className="space-badge archived" title="Takes no new memories; searched only when named">archived</span>}
        </div>
        <InlineField
          key={`${space.name}:d`}
          value={space.description}
          label="Description"
          testId="space-description"
          className="space-description-field"
          placeholder="Add a description"
          onSave={async (v) => (await describeSpace(space.name, v))?.message ?? null}
        />
        {error && (
          <span className="space-field-error" role="alert">
            {error}
          </span>
        )}
      </div>
      <span className="space-item-count" data-testid="space-count" title="Memories in this space, on the graph">
        {memoriesText(count)}
      </span>
      <div className="space-item-actions">
        <button
          type="button"
          data-testid="space-archive"
          disabled={fixed || busy}
          title={fixed ? FIXED : space.archived ? 'Take new memories again, and be searched by every recall' : 'Keep its memories, but out of the graph and of recalls that name no space; it takes no new ones'}
          onClick={() => void toggleArchive()}
        >
          {space.archived ? 'Unarchive' : 'Archive'}
        </button>
        <button type="button" className="danger" data-testid="space-delete" disabled={fixed} title={fixed ? FIXED : `Delete “${space.name}”: its memories move or are purged`} onClick={onDelete}>
          Delete…
        </button>
      </div>
    </li>
  );
}
