// The labels under the timeline: six instants across its span, each written as finely as the
// ticks are apart, so that no two read the same (memories of one afternoon are told apart by the
// hour, and a single instant's two-day axis by day and hour).

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Intervals between the axis's ticks: six labels. */
export const AXIS_STEPS = 5;

export interface AxisTick {
  /** Where the tick stands, in ms since the epoch. */
  at: number;
  label: string;
}

/** How a tick of an axis from `start` to `end` is written, in local time. */
function tickFormat(start: number, end: number): Intl.DateTimeFormatOptions {
  const span = end - start;
  const gap = span / AXIS_STEPS;
  // Where the clocks change within the axis, an hour repeats: the zone's name tells the two apart.
  const zone: Intl.DateTimeFormatOptions =
    new Date(start).getTimezoneOffset() === new Date(end).getTimezoneOffset() ? {} : { timeZoneName: 'short' };
  if (gap < MINUTE) return { hour: '2-digit', minute: '2-digit', second: '2-digit', ...zone };
  if (new Date(start).toDateString() === new Date(end).toDateString()) return { hour: '2-digit', minute: '2-digit', ...zone };
  // A calendar day lasts up to 25 hours where clocks go back: below that gap two ticks can share a date.
  if (gap < DAY + HOUR) return { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', ...zone };
  if (span > 400 * DAY) return { year: 'numeric', month: 'short' };
  return { month: 'short', day: 'numeric' };
}

/** The axis's ticks from `start` to `end`, labelled in the person's locale (`locale` for tests). */
export function axisTicks(start: number, end: number, locale?: string): AxisTick[] {
  const format = new Intl.DateTimeFormat(locale, tickFormat(start, end));
  return Array.from({ length: AXIS_STEPS + 1 }, (_, i) => {
    const at = start + ((end - start) * i) / AXIS_STEPS;
    return { at, label: format.format(at) };
  });
}
