// Mounted once: the purge dialog for whatever asked for it (see `state/purge`).
import { purgeDialog } from '../../state/purge';
import { useStore } from '../../state/store';
import { PurgeForgotten } from './PurgeForgotten';
import { PurgeMemories } from './PurgeMemories';

export function PurgeDialog() {
  const task = useStore(purgeDialog, (s) => s.task);
  if (!task) return null;
  if (task.kind === 'forgotten') return <PurgeForgotten />;
  return <PurgeMemories key={task.ids.join(' ')} ids={task.ids} skipped={task.skipped} />;
}
