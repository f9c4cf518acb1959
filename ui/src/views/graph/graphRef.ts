// The one live graph controller, for views that move the camera (search, inspector, retrieval).
import type { GraphController } from './controller';

export const graphRef: { current: GraphController | null } = { current: null };

export function focusMemory(id: string): void {
  graphRef.current?.centerOn(id);
}
