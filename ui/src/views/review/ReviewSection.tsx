import type { ReactNode } from 'react';
import type { ReviewItem, SectionInfo } from './queue';
import type { TriageAction } from './triage';
import { ReviewItemView } from './ReviewItemView';

/** Items drawn per section until the person asks for all (the engine lists up to 200). */
export const PAGE = 40;

interface Props {
  info: SectionInfo;
  items: readonly ReviewItem[];
  count: number;
  shown: number;
  focused: string | null;
  /** Items that arrived since the queue opened. */
  fresh: ReadonlySet<string>;
  open: boolean;
  onToggle(): void;
  onShowAll(): void;
  onFocus(key: string): void;
  onAction(item: ReviewItem, action: TriageAction): void;
  /** For sections of single memories: picks them all on the graph (`add`: to the selection there). */
  onSelectAll?(add: boolean): void;
  /** A control of the section's own, beside its count (the Stale threshold). */
  tools?: ReactNode;
  /** Shown under the header whether the section is open or not (the threshold's editor). */
  aside?: ReactNode;
}

/** A section of the queue: its title and count, its items, or a plain sentence when empty. */
export function ReviewSection({ info, items, count, shown, focused, fresh, open, onToggle, onShowAll, onFocus, onAction, onSelectAll, tools, aside }: Props) {
  const headingId = `rv-h-${info.id}`;
  const listed = items.slice(0, shown);
  const more = items.length - listed.length;
  return (
    <section className="rv-section" aria-labelledby={headingId} data-testid={`review-section-${info.id}`}>
      <h3 id={headingId}>
        <button onClick={onToggle} aria-expanded={open}>
          <span className="caret">{open ? '▾' : '▸'}</span> {info.title}
        </button>
        <span className={`rv-count${count ? '' : ' zero'}`} data-testid={`review-count-${info.id}`} aria-label={`${count} items`}>
          {count}
        </span>
        {tools}
        {onSelectAll && open && items.length > 1 && (
          <button
            className="mini ghost rv-select-all"
            data-testid={`review-select-${info.id}`}
            title={`Pick ${count > items.length ? `the ${items.length} listed` : 'all of them'} on the graph, to archive, tag or move them in one go from the selection bar (Shift: add them to the selection)`}
            onClick={(e) => onSelectAll(e.shiftKey)}
          >
            Select all {items.length}
          </button>
        )}
      </h3>
      {aside}
      {open &&
        (items.length === 0 ? (
          <p className="rv-empty">{count > 0 ? 'Working through these…' : info.empty}</p>
        ) : (
          <>
            <ul className="rv-list">
              {listed.map((item) => (
                <ReviewItemView key={item.key} item={item} focused={item.key === focused} fresh={fresh.has(item.key)} onFocus={onFocus} onAction={onAction} />
              ))}
            </ul>
            {more > 0 && (
              <button className="ghost rv-more" onClick={onShowAll}>
                Show {more} more
              </button>
            )}
            {count > items.length && more === 0 && (
              <p className="rv-empty small">{count - items.length} more once these are done.</p>
            )}
          </>
        ))}
    </section>
  );
}
