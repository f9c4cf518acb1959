// Who wrote a memory, as Mnemo knows the connection, and what the writer claims: `source` is set
// by the writer and may say anything, so it is shown only as a claim, and only when it differs. Pure.
import type { Memory } from '../../api/types';

type Written = Pick<Memory, 'source' | 'written_by'>;

/** The writer Mnemo recorded; a server older than writers sends none, and then the source is all there is. */
export function writerOf(m: Written): string {
  return m.written_by || m.source;
}

/** The writer's own claim of a source, when it says something the writer does not. */
export function claimedSource(m: Written): string | null {
  const claim = m.source.trim();
  if (!m.written_by || !claim || claim === m.written_by) return null;
  return claim;
}
