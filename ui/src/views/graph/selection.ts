// What can be done with memories picked together on the graph. Pure.

/** Why the picked memories cannot merge, if they cannot. */
export function mergeBlocker(ids: readonly string[], get: (id: string) => { space: string; status: string } | undefined): string | null {
  if (ids.length < 2) return 'Shift-click another memory to merge them';
  const ms = ids.map(get);
  if (ms.some((m) => !m)) return 'A picked memory is no longer on the graph';
  if (ms.some((m) => m!.status === 'merged')) return 'A picked memory is merged already: merge its survivor instead';
  if (new Set(ms.map((m) => m!.space)).size > 1) return 'Only memories of one space merge';
  return null;
}
