// How many memories are forgotten now, kept current as the graph changes.
import { model, modelState } from '../../state/model';
import { useStore } from '../../state/store';

export function useForgottenCount(): number {
  // A number: components re-render only when it changes, not on every delta.
  return useStore(modelState, () => countForgotten());
}

function countForgotten(): number {
  let n = 0;
  for (const m of model.memories.values()) if (m.status === 'forgotten') n++;
  return n;
}
