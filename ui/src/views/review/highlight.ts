// Marks the words in which two statements differ, as the engine named them, inside the text as
// written: "The launch is on May [17]". Pure.

export interface Segment {
  text: string;
  marked: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Splits `text` into runs, marking each whole-word occurrence of `words` (case-insensitive).
 * Words are matched where no letter or digit touches them, so "3" does not light up in "30".
 */
export function highlightWords(text: string, words: readonly string[]): Segment[] {
  const wanted = [...new Set(words.map((w) => w.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!wanted.length || !text) return text ? [{ text, marked: false }] : [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${wanted.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: text.slice(last, at), marked: false });
    out.push({ text: m[0], marked: true });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), marked: false });
  return out;
}
