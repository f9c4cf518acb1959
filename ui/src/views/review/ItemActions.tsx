import { ACTIONS, actionsFor, type TriageAction } from './triage';
import type { ReviewItem } from './queue';

/** An item's one-click actions, each with the key that runs it from the keyboard. */
export function ItemActions({ item, onAction }: { item: ReviewItem; onAction(a: TriageAction): void }) {
  return (
    <div className="rv-actions" role="group" aria-label="Actions">
      {actionsFor(item).map((a) => {
        const info = ACTIONS[a];
        const shift = info.key !== info.key.toLowerCase();
        return (
          <button
            key={a}
            className={`mini${info.tone ? ` ${info.tone}` : ''}`}
            data-action={a}
            title={`${info.title} (${shift ? 'Shift+' : ''}${info.key.toUpperCase()})`}
            aria-keyshortcuts={shift ? `Shift+${info.key}` : info.key}
            onClick={(e) => {
              e.stopPropagation();
              onAction(a);
            }}
          >
            {info.label}
            <kbd aria-hidden="true">{shift ? `⇧${info.key}` : info.key}</kbd>
          </button>
        );
      })}
    </div>
  );
}
