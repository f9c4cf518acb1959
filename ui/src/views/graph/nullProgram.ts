// A program that draws nothing and holds no buffer. Nodes and edges culled by level of detail or
// filters are given this type instead of `hidden`: sigma still uploads hidden items' (zeroed)
// vertices every frame, while items of this type cost nothing at all when drawing.
import type { EdgeProgramType, NodeProgramType } from 'sigma/rendering';

class NullProgram {
  drawLabel = undefined;
  drawHover = undefined;
  reallocate(): void {}
  process(): void {}
  render(): void {}
  kill(): void {}
  hasNothingToRender(): boolean {
    return true;
  }
}

export const NullNodeProgram = NullProgram as unknown as NodeProgramType;
export const NullEdgeProgram = NullProgram as unknown as EdgeProgramType;
export const CULLED = 'none';
