// Time fields as a person edits them: a `datetime-local` value (wall-clock time in this browser's
// time zone) to and from the RFC 3339 UTC instant the engine stores, and the checks made before an
// edit is sent. Pure (apart from the time zone), so the editors only lay it out.
import { fmtDate } from '../shell/format';

/** The memory fields that hold a time a person may set. */
export type TimeField = 'occurred_at' | 'valid_from' | 'valid_until';

/** A proposed value: RFC 3339 in UTC, or `''`, which the patch reads as "clear it". */
export type TimeEdit = { ok: true; value: string } | { ok: false; error: string };

/** What a datetime-local input reads and writes: `YYYY-MM-DDTHH:mm`, seconds and milliseconds optional. */
const LOCAL = /^(\d{4,6})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The instant as a datetime-local value in this time zone; `''` for none. Seconds and milliseconds
 * appear only when the instant has them, so a whole minute edits as hours and minutes alone.
 */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const day = `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  let time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const s = d.getSeconds();
  const ms = d.getMilliseconds();
  if (s || ms) time += `:${pad(s)}`;
  if (ms) time += `.${pad(ms, 3)}`;
  return `${day}T${time}`;
}

/**
 * A datetime-local value, read as wall-clock time in this time zone, as the RFC 3339 UTC instant to
 * send. Empty means "clear". A wall-clock time that a daylight-saving change skips becomes the
 * instant an hour later (as the browser resolves it); one that occurs twice, the first of the two.
 */
export function fromLocalInput(local: string): TimeEdit {
  const v = local.trim();
  if (!v) return { ok: true, value: '' };
  const m = LOCAL.exec(v);
  if (!m) return { ok: false, error: 'Enter a full date and time.' };
  const [y, mo, day, h, mi] = m.slice(1, 6).map(Number);
  const s = Number(m[6] ?? 0);
  // A fraction of a second: ".5" is 500 ms.
  const frac = Number((m[7] ?? '').padEnd(3, '0'));
  if (mo < 1 || mo > 12 || day < 1 || day > 31 || h > 23 || mi > 59 || s > 59) return { ok: false, error: `${v} is not a date and time.` };
  const d = new Date(2000, 0, 1, 0, 0, 0, 0);
  // setFullYear, not the constructor: the constructor reads years 0 to 99 as 1900 to 1999.
  d.setFullYear(y, mo - 1, day);
  d.setHours(h, mi, s, frac);
  if (d.getFullYear() !== y || d.getMonth() !== mo - 1 || d.getDate() !== day) return { ok: false, error: `${v} is not a date and time.` };
  const year = d.getUTCFullYear();
  // The engine keeps the years 0000 to 9999 in UTC, which is all RFC 3339 can write.
  if (year < 0 || year > 9999) return { ok: false, error: 'Pick a year between 1 and 9999.' };
  return { ok: true, value: d.toISOString().replace('.000Z', 'Z') };
}

/** Whether two values name the same instant (or are both none). */
export function sameInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return Date.parse(a) === Date.parse(b);
}

/**
 * Why a validity interval cannot be saved, in words that name the field being edited; `null` when
 * it can. Until must come after from: an interval that ends where it starts holds at no time.
 */
export function intervalError(editing: TimeField, from: string | null | undefined, until: string | null | undefined): string | null {
  if (!from || !until) return null;
  if (Date.parse(until) > Date.parse(from)) return null;
  return editing === 'valid_from'
    ? `Valid from must be before valid until (${fmtDate(until)}).`
    : `Valid until must be after valid from (${fmtDate(from)}).`;
}
