// The merge dialog's choices, purely: which text the survivor ends up with, and the request
// that says so.
import type { MergeRequest } from '../../api/types';

/** The survivor's text after the merge: its own, another member's, or all of them combined. */
export type TextChoice = { kind: 'keep' } | { kind: 'take'; id: string } | { kind: 'combined' };

interface Member {
  id: string;
  text: string;
}

/**
 * Every member's text joined with a blank line, the survivor's first, then the others in the
 * order given; a text that repeats one already in (spacing and case aside) is left out.
 */
export function combinedText(members: readonly Member[], survivorId: string): string {
  const ordered = [...members.filter((m) => m.id === survivorId), ...members.filter((m) => m.id !== survivorId)];
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const m of ordered) {
    const text = m.text.trim();
    const norm = text.replace(/\s+/g, ' ').toLowerCase();
    if (!text || seen.has(norm)) continue;
    seen.add(norm);
    parts.push(text);
  }
  return parts.join('\n\n');
}

/** The text a choice gives (`null`: the survivor's own, which the server keeps by default). */
export function chosenText(choice: TextChoice, members: readonly Member[], draft: string): string | null {
  switch (choice.kind) {
    case 'keep':
      return null;
    case 'take':
      return members.find((m) => m.id === choice.id)?.text ?? null;
    case 'combined':
      return draft;
  }
}

/** A choice that no longer fits the survivor (taking the survivor's own text) falls back to keeping it. */
export function fitChoice(choice: TextChoice, survivorId: string): TextChoice {
  return choice.kind === 'take' && choice.id === survivorId ? { kind: 'keep' } : choice;
}

export function mergeRequest(ids: readonly string[], keep: string | null, text: string | null): MergeRequest {
  return { ids: [...ids], keep, text, title: null };
}
