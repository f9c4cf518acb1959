// A trace's time questions in words, for its heading: what was true when, and what was known when.
import type { RetrievalQuery } from '../api/types';

function day(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "true as of …", "known at …", both, or null when the query asked about now. */
export function timeParams(q: Pick<RetrievalQuery, 'as_of' | 'known_at'>): string | null {
  const parts: string[] = [];
  if (q.as_of) parts.push(`true as of ${day(q.as_of)}`);
  if (q.known_at) parts.push(`known at ${day(q.known_at)}`);
  return parts.length ? parts.join(' · ') : null;
}
