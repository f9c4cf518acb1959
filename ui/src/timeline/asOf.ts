// The "as of" control's arithmetic: the slider's range, and an instant as a local date-time field
// (`<input type="datetime-local">`) writes and reads it, to the second.
import type { Memory } from '../api/types';

export interface TimeSpan {
  /** The earliest instant either question can ask about. */
  first: number;
  /** The latest: a fact may hold until a time still to come. */
  last: number;
  /** The latest change Mnemo recorded: asking what it knew later is asking about now. */
  lastRecorded: number;
}

/**
 * When Mnemo recorded the memories (created, last changed) and when facts started or stopped
 * holding; null if there are none.
 */
export function timeSpan(memories: Iterable<Pick<Memory, 'created_at' | 'updated_at' | 'valid_from' | 'valid_until'>>): TimeSpan | null {
  let first = Infinity;
  let last = -Infinity;
  let lastRecorded = -Infinity;
  const see = (iso: string | null, recorded: boolean) => {
    if (iso === null) return;
    const t = Date.parse(iso);
    if (!Number.isFinite(t)) return;
    if (t < first) first = t;
    if (t > last) last = t;
    if (recorded && t > lastRecorded) lastRecorded = t;
  };
  for (const m of memories) {
    see(m.created_at, true);
    see(m.updated_at, true);
    see(m.valid_from, false);
    see(m.valid_until, false);
  }
  return Number.isFinite(first) ? { first, last, lastRecorded } : null;
}

/**
 * The slider's range for a question: from the first thing either question can ask about (the
 * time axis's start at the latest) to the last — for "known then" the last change recorded.
 */
export function asOfBounds(axis: { start: number; end: number }, span: TimeSpan | null, mode: 'true' | 'known'): [number, number] {
  if (!span) return [axis.start, axis.end];
  const lo = Math.min(axis.start, span.first);
  return [lo, mode === 'known' ? Math.max(lo + 1, span.lastRecorded) : Math.max(axis.end, span.last)];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `ms` in local time as a datetime-local field's value, to the second. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A datetime-local field's value (local time, seconds optional) in ms; null while incomplete. */
export function fromLocalInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '0'] = m;
  const t = new Date(+y, +mo - 1, +d, +h, +mi, +s, Number(frac.padEnd(3, '0'))).getTime();
  return Number.isFinite(t) ? t : null;
}
