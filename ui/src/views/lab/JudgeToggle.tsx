import type { MouseEvent } from 'react';
import type { Mark } from '../../lab/judgments';

interface Props {
  mark: Mark | undefined;
  onMark(relevant: Mark | null): void;
}

/** Relevant / not relevant for this query; pressing the lit one again clears it. Keys: r, n, 0. */
export function JudgeToggle({ mark, onMark }: Props) {
  const set = (v: Mark) => (e: MouseEvent) => {
    e.stopPropagation();
    onMark(mark === v ? null : v);
  };
  return (
    <span className="judge" data-testid="judge" data-mark={mark === undefined ? 'none' : mark ? 'relevant' : 'not-relevant'}>
      <button
        type="button"
        className={`judge-btn yes${mark === true ? ' on' : ''}`}
        aria-pressed={mark === true}
        title="Relevant to this query (r)"
        data-testid="judge-relevant"
        onClick={set(true)}
      >
        ✓
      </button>
      <button
        type="button"
        className={`judge-btn no${mark === false ? ' on' : ''}`}
        aria-pressed={mark === false}
        title="Not relevant to this query (n); 0 clears"
        data-testid="judge-not-relevant"
        onClick={set(false)}
      >
        ✕
      </button>
    </span>
  );
}
