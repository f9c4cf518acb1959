// How many memories each space holds, from the loaded graph (the live one, also while the past
// is shown), recounted as changes arrive.
import { useMemo } from 'react';
import { model, modelState } from '../../state/model';
import { countBySpace } from '../../state/spaceBook';
import { useStore } from '../../state/store';

export function useSpaceCounts(): ReadonlyMap<string, number> {
  const version = useStore(modelState, (s) => s.version);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => countBySpace(model.liveMemories.values()), [version]);
}
