import { memo } from 'react';
import { ContradictionItem } from './ContradictionItem';
import { DuplicateItem } from './DuplicateItem';
import { FadingItem } from './FadingItem';
import { HeldItem } from './HeldItem';
import { ItemActions } from './ItemActions';
import { LinkItem } from './LinkItem';
import type { ReviewItem } from './queue';
import type { TriageAction } from './triage';

interface Props {
  item: ReviewItem;
  focused: boolean;
  fresh: boolean;
  onFocus(key: string): void;
  onAction(item: ReviewItem, action: TriageAction): void;
}

/** One entry of the queue: what it is about, and its actions. Focus follows the keyboard. */
export const ReviewItemView = memo(function ReviewItemView({ item, focused, fresh, onFocus, onAction }: Props) {
  return (
    <li
      className={`rv-item${focused ? ' focused' : ''}${fresh ? ' fresh' : ''}`}
      data-testid="review-item"
      data-key={item.key}
      data-section={item.section}
      data-focused={focused ? 'true' : undefined}
      aria-current={focused ? 'true' : undefined}
      tabIndex={focused ? 0 : -1}
      onFocus={(e) => e.target === e.currentTarget && !focused && onFocus(item.key)}
      onMouseDown={() => !focused && onFocus(item.key)}
    >
      <Body item={item} />
      <ItemActions item={item} onAction={(a) => onAction(item, a)} />
    </li>
  );
});

function Body({ item }: { item: ReviewItem }) {
  switch (item.section) {
    case 'held':
      return <HeldItem held={item.held} />;
    case 'duplicates':
      return <DuplicateItem group={item.group} />;
    case 'links':
      return <LinkItem link={item.link} />;
    case 'contradictions':
      return <ContradictionItem contradiction={item.contradiction} />;
    case 'orphans':
      return <FadingItem id={item.id} />;
    case 'stale':
      return <FadingItem id={item.id} retention={item.retention} />;
  }
}
