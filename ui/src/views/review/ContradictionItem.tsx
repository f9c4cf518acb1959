import type { Contradiction } from '../../api/types';
import { model } from '../../state/model';
import { highlightWords } from './highlight';
import { MemoryCard } from './MemoryCard';

function Marked({ text, words, side }: { text: string; words: readonly string[]; side: 'a' | 'b' }) {
  return (
    <>
      {highlightWords(text, words).map((s, i) =>
        s.marked ? (
          <mark key={i} className={`rv-diff rv-diff-${side}`}>
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

/** Two statements that may disagree: both texts with the differing words marked, and the reason. */
export function ContradictionItem({ contradiction: c }: { contradiction: Contradiction }) {
  const a = model.memories.get(c.a);
  const b = model.memories.get(c.b);
  return (
    <>
      <div className="rv-why">
        <span className="rv-badge warn">{c.difference.kind}</span>
        {c.difference.reason}
      </div>
      <div className="rv-members">
        <MemoryCard id={c.a} role="Older" full>
          {a && <Marked text={a.text} words={c.difference.only_a} side="a" />}
        </MemoryCard>
        <MemoryCard id={c.b} role="Newer" full>
          {b && <Marked text={b.text} words={c.difference.only_b} side="b" />}
        </MemoryCard>
      </div>
    </>
  );
}
