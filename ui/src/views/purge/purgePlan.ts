// Purging, as the dialogs word and ask for it: which picked memories may be purged, the instant
// "forgotten more than N days ago" means, the requests, and what a purge says it did. Pure.
import type { Memory, PurgeReport, PurgeRequest } from '../../api/types';
import { memories } from '../graph/bulk';

/** "Forgotten more than 30 days ago" unless the person says otherwise. */
export const DAYS_DEFAULT = 30;
/** A hundred years: beyond it nothing is forgotten that long, and Date would overflow sooner or later. */
export const DAYS_MAX = 36500;

const DAY_MS = 86_400_000;

/**
 * Only forgotten memories are offered for purging: forgetting is the soft step a person takes
 * first, so nothing active, held or archived is erased by a slip of the selection.
 */
export function forgottenAmong<M extends Pick<Memory, 'status'>>(ids: readonly string[], lookup: (id: string) => M | undefined): string[] {
  return ids.filter((id) => lookup(id)?.status === 'forgotten');
}

/** A whole number of days within 0–DAYS_MAX; anything that is not a number is the default. */
export function clampDays(days: number): number {
  if (!Number.isFinite(days)) return DAYS_DEFAULT;
  return Math.min(DAYS_MAX, Math.max(0, Math.round(days)));
}

/** The days typed in the field, or null while they are not a number yet (empty, "-"). */
export function parseDays(typed: string): number | null {
  const t = typed.trim();
  if (!/^\d+$/.test(t)) return null;
  return clampDays(Number(t));
}

/** The RFC 3339 instant "forgotten more than `days` days ago" means at `now` (0: every forgotten memory). */
export function forgottenBefore(days: number, now: number): string {
  return new Date(now - clampDays(days) * DAY_MS).toISOString();
}

/** Purge these memories. The generated type marks fields optional; the server reads null as absent. */
export function purgeIds(ids: readonly string[]): PurgeRequest {
  return { ids: [...new Set(ids)], forgotten_before: null, dry_run: null };
}

/** Purge (or, with `dryRun`, only list) every memory forgotten before `cutoff`. */
export function purgeForgotten(cutoff: string, dryRun: boolean): PurgeRequest {
  return { ids: [], forgotten_before: cutoff, dry_run: dryRun || null };
}

/** A memory's name in a sentence or a list: its title, else the start of its text. */
export function nameOf(m: Pick<Memory, 'title' | 'text'> | undefined): string {
  if (!m) return 'a memory no longer on the graph';
  const t = (m.title || m.text).replace(/\s+/g, ' ').trim();
  if (!t) return 'an empty memory';
  return t.length > 70 ? `${t.slice(0, 69)}…` : t;
}

/** The first `max` of a list, and how many more there are ("and 4 more"). */
export function preview<T>(items: readonly T[], max = 8): { shown: T[]; more: number } {
  // Listing seven and "1 more" says less than listing all eight.
  const cut = items.length > max ? max - 1 : items.length;
  return { shown: items.slice(0, cut), more: items.length - cut };
}

/** The dialog's headline: "Purge “Kestrel notes” for good?", "Purge 3 forgotten memories for good?". */
export function confirmTitle(names: readonly string[]): string {
  return names.length === 1 ? `Purge “${names[0]}” for good?` : `Purge ${names.length} forgotten memories for good?`;
}

/** What purging does, said plainly before it is done. */
export function consequence(n: number): string {
  const [its, it] = n === 1 ? ['its', 'it'] : ['their', 'them'];
  return `Purging erases ${its} text, links, history and any trace that found ${it} from disk. This cannot be undone.`;
}

/** The confirm button: explicit about what it does, with the count when there are several. */
export function confirmLabel(n: number): string {
  return n === 1 ? 'Purge for good' : `Purge ${n} for good`;
}

/** What the dry run found, as the purge-forgotten dialog says it above the list. */
export function dryRunLine(n: number, days: number): string {
  if (days === 0) {
    if (n === 0) return 'No memory is forgotten: nothing to purge.';
    return n === 1 ? '1 forgotten memory would be purged:' : `All ${n} forgotten memories would be purged:`;
  }
  const ago = `more than ${days} ${days === 1 ? 'day' : 'days'} ago`;
  if (n === 0) return `No memory was forgotten ${ago}: nothing to purge.`;
  return `${n === 1 ? '1 memory' : `${n} memories`} forgotten ${ago} would be purged:`;
}

/** The toast after a purge: "Purged “Kestrel notes”", and what went with it. No undo: nothing is left to undo. */
export function purgedToast(report: Pick<PurgeReport, 'purged' | 'edges' | 'redacted_operations' | 'redacted_traces'>, name: (id: string) => string): { title: string; detail?: string } {
  const n = report.purged.length;
  if (n === 0) return { title: 'Nothing to purge', detail: 'No memory was left to purge: restored or purged meanwhile.' };
  const title = n === 1 ? `Purged “${name(report.purged[0])}”` : `Purged ${memories(n)}`;
  const parts: string[] = [];
  if (report.edges) parts.push(`${report.edges} ${report.edges === 1 ? 'link' : 'links'} removed`);
  const log = report.redacted_operations;
  if (log) parts.push(`${log} log ${log === 1 ? 'entry' : 'entries'} redacted`);
  const tr = report.redacted_traces;
  if (tr) parts.push(`${tr} ${tr === 1 ? 'trace' : 'traces'} redacted`);
  return { title, detail: parts.length ? `${capitalised(parts.join(', '))}.` : undefined };
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
