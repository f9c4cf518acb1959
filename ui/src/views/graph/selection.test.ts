import { describe, expect, it } from 'vitest';
import { mergeBlocker } from './selection';

const memories = new Map([
  ['a', { space: 'default', status: 'active' }],
  ['b', { space: 'default', status: 'archived' }],
  ['c', { space: 'work', status: 'active' }],
  ['d', { space: 'default', status: 'merged' }],
]);
const get = (id: string) => memories.get(id);

describe('merging what is picked on the graph', () => {
  it('needs two memories of one space, none merged already', () => {
    expect(mergeBlocker(['a', 'b'], get)).toBeNull();
    expect(mergeBlocker(['a'], get)).toMatch(/another/);
    expect(mergeBlocker(['a', 'c'], get)).toMatch(/one space/);
    expect(mergeBlocker(['a', 'd'], get)).toMatch(/merged already/);
    expect(mergeBlocker(['a', 'gone'], get)).toMatch(/no longer/);
  });
});
