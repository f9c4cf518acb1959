// Tag a selection: tags to add, typed; the selection's own tags offered to remove, as chips.
import { useState, type RefObject } from 'react';
import { memories, parseTags, type TagCount } from './bulk';
import { Popover } from './Popover';

interface Props {
  anchor: RefObject<HTMLButtonElement | null>;
  /** How many memories are tagged. */
  count: number;
  tags: readonly TagCount[];
  busy: boolean;
  onApply(add: string[], remove: string[]): void;
  onClose(): void;
}

export function TagPopover({ anchor, count, tags, busy, onApply, onClose }: Props) {
  const [text, setText] = useState('');
  const [removing, setRemoving] = useState<ReadonlySet<string>>(() => new Set());
  const add = parseTags(text);
  // A tag typed to add is not also removed (the engine would refuse the pair).
  const remove = tags.map((t) => t.tag).filter((t) => removing.has(t) && !add.includes(t));
  const ready = !busy && (add.length > 0 || remove.length > 0);
  const apply = () => ready && onApply(add, remove);
  const toggle = (tag: string) =>
    setRemoving((r) => {
      const next = new Set(r);
      if (next.has(tag)) next.delete(tag);
      else next.add(tag);
      return next;
    });

  return (
    <Popover anchor={anchor} label={`Tag ${memories(count)}`} testId="tag-popover" onClose={onClose}>
      <div className="pop-head">Tag {memories(count)}</div>
      <label className="pop-field">
        <span>Add</span>
        <input
          autoFocus
          data-testid="tag-input"
          placeholder="launch, q3-review"
          value={text}
          readOnly={busy}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              apply();
            }
          }}
        />
      </label>
      {add.length > 0 && (
        <div className="pop-chips" aria-label="Tags to add">
          {add.map((t) => (
            <span key={t} className="tag-chip add">
              +#{t}
            </span>
          ))}
        </div>
      )}
      {tags.length > 0 && (
        <>
          <div className="pop-sub">Remove</div>
          <div className="pop-chips" role="group" aria-label="Tags of the selection: click to remove">
            {tags.map(({ tag, count: n }) => {
              const on = remove.includes(tag);
              return (
                <button
                  key={tag}
                  type="button"
                  className={`tag-chip${on ? ' remove' : ''}`}
                  data-testid="tag-remove-chip"
                  data-tag={tag}
                  aria-pressed={on}
                  aria-disabled={busy}
                  title={on ? `Keep #${tag}` : `Remove #${tag} from ${n === count ? `all ${count}` : `the ${n} that have it`}`}
                  onClick={() => !busy && toggle(tag)}
                >
                  #{tag}
                  {n < count && <span className="tag-n">{n}/{count}</span>}
                </button>
              );
            })}
          </div>
        </>
      )}
      <div className="pop-foot">
        <span className="muted small">
          <kbd>Enter</kbd> applies · <kbd>Esc</kbd> closes
        </span>
        <button className="primary" data-testid="tag-apply" disabled={!ready} onClick={apply}>
          {busy ? 'Tagging…' : 'Apply'}
        </button>
      </div>
    </Popover>
  );
}
