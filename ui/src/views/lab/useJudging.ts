import { useCallback, useEffect, useMemo } from 'react';
import type { KeyboardEvent } from 'react';
import { markForKey, marksFor, type Mark } from '../../lab/judgments';
import { judge, lab, loadJudgments } from '../../state/lab';
import { useStore } from '../../state/store';

export interface Judging {
  marks: ReadonlyMap<string, Mark>;
  mark(id: string, relevant: Mark | null): void;
  /** Keys on a focused result: r relevant, n not relevant, 0 clear; ↑ ↓ move between results. */
  onKey(id: string, e: KeyboardEvent<HTMLElement>): void;
}

/** Relevance marks on the results of one query (text and spaces), kept in the store's judgments. */
export function useJudging(query: string, spaces: readonly string[]): Judging {
  const judgments = useStore(lab, (s) => s.judgments);
  useEffect(() => {
    if (query.trim() && lab.get().judgments === null) void loadJudgments();
  }, [query]);
  const spacesKey = spaces.join('\u0000');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const marks = useMemo(() => marksFor(judgments, query, spaces), [judgments, query, spacesKey]);
  const mark = useCallback(
    (id: string, relevant: Mark | null) => {
      if (query.trim()) void judge(query, spaces, id, relevant);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [query, spacesKey],
  );
  const onKey = useCallback(
    (id: string, e: KeyboardEvent<HTMLElement>) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const m = markForKey(e.key);
      if (m !== undefined) {
        // The app's own single keys (r opens the inspector, n a new memory) stay out of it.
        e.preventDefault();
        e.stopPropagation();
        if (m === null ? marks.has(id) : marks.get(id) !== m) mark(id, m);
        return;
      }
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const row = e.currentTarget;
        const list = row.parentElement;
        if (!list) return;
        const rows = [...list.querySelectorAll<HTMLElement>(':scope > [data-judge-row]')];
        const next = rows[rows.indexOf(row) + (e.key === 'ArrowDown' ? 1 : -1)];
        if (next) {
          e.preventDefault();
          e.stopPropagation();
          next.focus();
        }
      }
    },
    [marks, mark],
  );
  return { marks, mark, onKey };
}
