// What the export dialog offers, read from the explorer when it opens: the selection, the
// memories the filters leave on the graph, and the live store's spaces and size.
import { hiddenSet } from '../../graph/filters';
import { model, modelState } from '../../state/model';
import { countBySpace } from '../../state/spaceBook';
import { ui } from '../../state/ui';
import type { ScopeFacts } from './exportPlan';

export function currentScopeFacts(): ScopeFacts {
  // The live store's memories, also while the past is shown: an export writes them as they are.
  const memories = model.liveMemories;
  const s = ui.get();
  // A single clicked memory is a selection of one, as shift-click treats it.
  const picked = s.multi.length ? s.multi : s.selectedId ? [s.selectedId] : [];
  const hidden = hiddenSet(model.graph, model.memories, s.filters, s.focus, modelState.get().archivedSpaces);
  let visible: string[] | null = null;
  if (hidden !== null && hidden.size > 0) {
    const shown: string[] = [];
    model.graph.forEachNode((id) => {
      if (!hidden.has(id) && memories.has(id)) shown.push(id);
    });
    visible = shown;
  }
  return {
    selection: picked.filter((id) => memories.has(id)),
    visible,
    spaces: countBySpace(memories.values()),
    total: memories.size,
  };
}
