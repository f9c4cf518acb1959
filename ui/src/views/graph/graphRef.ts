// The one live graph controller, for views that move the camera (search, inspector, retrieval).
import type { GraphController } from './controller';

export const graphRef: { current: GraphController | null } = { current: null };

export function focusMemory(id: string): void {
  graphRef.current?.centerOn(id);
}

/** Brings several memories into view together (one is centred on). */
export function frameMemories(ids: readonly string[]): void {
  const c = graphRef.current;
  if (!c) return;
  if (ids.length === 1) c.centerOn(ids[0]);
  else c.frame(ids);
}
