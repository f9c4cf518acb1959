// Finding memories by title or text, in the browser's copy of the graph: title matches first,
// then title-word starts, then text. Linear, but a plain scan of 100k strings is a few ms.
import type { Memory } from '../api/types';

export function searchMemories(memories: Map<string, Memory>, query: string, limit: number): Memory[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const exact: Memory[] = [];
  const title: Memory[] = [];
  const text: Memory[] = [];
  for (const m of memories.values()) {
    const t = m.title.toLowerCase();
    if (t === q) exact.push(m);
    else if (t.includes(q)) title.push(m);
    else if (text.length < limit && m.text.toLowerCase().includes(q)) text.push(m);
    if (exact.length >= limit) break;
  }
  // Shorter titles first: "Atlas" before "Atlas kickoff notes, part two".
  title.sort((a, b) => (a.title.toLowerCase().startsWith(q) ? 0 : 1) - (b.title.toLowerCase().startsWith(q) ? 0 : 1) || a.title.length - b.title.length);
  return [...exact, ...title, ...text].slice(0, limit);
}
