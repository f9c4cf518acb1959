// A space change in the activity feed, in words, with the spaces in their colours:
// "renamed space ● work → ● atlas", "deleted space ● old, its 3 memories moved to ● later".
import type { SpaceChange } from '../../state/spaceLog';
import { SpaceDot } from './SpaceDot';

function Name({ name }: { name: string }) {
  return (
    <b className="space-op-name">
      <SpaceDot name={name} size={8} /> {name}
    </b>
  );
}

const n = (k: number) => `${k} ${k === 1 ? 'memory' : 'memories'}`;

export function SpaceOpText({ change: c }: { change: SpaceChange }) {
  let body: React.ReactNode;
  switch (c.type) {
    case 'rename':
      body = (
        <>
          renamed space <Name name={c.from} /> → <Name name={c.to} />
        </>
      );
      break;
    case 'delete':
      body = (
        <>
          deleted space <Name name={c.name} />
          {c.purged > 0 ? `, purging its ${n(c.purged)}` : c.movedTo && c.moved ? (
            <>
              , its {n(c.moved)} moved to <Name name={c.movedTo} />
            </>
          ) : null}
        </>
      );
      break;
    default: {
      const verb = { create: 'made', archive: 'archived', unarchive: 'unarchived', describe: 'described', recolour: 'recoloured', change: 'changed' }[c.type];
      body = (
        <>
          {verb} space <Name name={c.name} />
        </>
      );
    }
  }
  return (
    <span className="space-op" data-testid="space-op">
      {body}
    </span>
  );
}
