import { model } from '../../state/model';
import { highlight } from '../../state/ui';
import { focusMemory } from '../graph/graphRef';
import { writerOf } from '../inspector/provenance';
import { fmtAgo, fmtDate } from '../shell/format';

interface Props {
  id: string;
  /** A label before the memory ("Older", "From"). */
  role?: string;
  /** The text as shown, when it is more than plain text (differing words highlighted). */
  children?: React.ReactNode;
  /** The whole text, rather than its first lines. */
  full?: boolean;
  /** One line of text and no provenance: for the ends of a link. */
  compact?: boolean;
  /** Whether to tag a held memory as such (not where the item itself says it is held). */
  tagHeld?: boolean;
}

/** One memory inside a review item: kind, title, text and provenance; clicking it shows it on the graph. */
export function MemoryCard({ id, role, children, full, compact, tagHeld = true }: Props) {
  const m = model.memories.get(id);
  if (!m) {
    return (
      <div className="rv-memory missing">
        {role && <span className="rv-role">{role}</span>}
        <code>{id}</code> <span className="muted small">no longer on the graph</span>
      </div>
    );
  }
  const show = () => {
    highlight(id);
    focusMemory(id);
  };
  const text = <span className={`rv-text${full ? ' full' : compact ? ' one' : ''}`}>{children ?? m.text}</span>;
  const title = m.title.trim();
  return (
    <div className={`rv-memory${compact ? ' compact' : ''}`} data-memory={id}>
      <div className="rv-memory-head">
        {role && <span className="rv-role">{role}</span>}
        <span className={`kind-dot k-${m.kind}`} aria-hidden="true" />
        <button className="link rv-title" onClick={show} title="Show on the graph">
          {title || text}
        </button>
        {m.pinned && <span className="rv-tag">pinned</span>}
        {tagHeld && m.status === 'pending' && <span className="rv-tag" title="Held for review: no other agent recalls it until it is approved">held</span>}
      </div>
      {title && m.text.trim() !== title && <p className="rv-body">{text}</p>}
      {!compact && (
        <div className="rv-meta">
          {m.kind} · {writerOf(m)} ·{' '}
          <time dateTime={m.created_at} title={fmtDate(m.created_at)}>
            {fmtAgo(m.created_at)}
          </time>
          {m.space !== 'default' && <> · {m.space}</>}
        </div>
      )}
    </div>
  );
}
