// What an import did, in words: the toast after an import, the notice after a followed vault's
// sync, and the vault indicator in the status bar. Pure, so that the wording is tested.
import type { ImportReport } from '../../api/types';

const n = (x: number | undefined | null): number => x ?? 0;
const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** The counts that say something was written: added, updated (moved ones among them), archived. */
function changes(r: ImportReport): string[] {
  const out: string[] = [];
  if (r.added) out.push(`${r.added} added`);
  const updated = n(r.updated);
  const moved = n(r.renamed);
  if (updated) out.push(`${updated} updated${moved ? ` (${moved} moved)` : ''}`);
  else if (moved) out.push(`${moved} moved`);
  if (n(r.archived)) out.push(`${r.archived} archived`);
  return out;
}

/** New entities and links, and links a re-import took out: "2 entities · 5 links, 1 unlinked". */
function graphPart(r: ImportReport): string {
  const removed = n(r.links_removed);
  return `${plural(r.entities_created, 'entity', 'entities')} · ${plural(r.edges_created, 'link')}${removed ? `, ${removed} unlinked` : ''}`;
}

/**
 * The toast's line after an import: "3 added, 2 updated (1 moved), 1 archived, 40 unchanged ·
 * 2 entities · 5 links, 1 unlinked". A file (JSONL, chat export) says how many lines it read;
 * a vault's "lines" are its notes, sections and placeholders, so it does not.
 */
export function importSummary(r: ImportReport): string {
  const counts = changes(r);
  if (!r.added) counts.unshift('0 added');
  const unchanged = `${r.unchanged} unchanged${r.format === 'markdown' ? '' : ` of ${r.lines} lines`}`;
  return `${[...counts, unchanged].join(', ')} · ${graphPart(r)}`;
}

/** Whether the import wrote anything: a memory added, updated, archived, or a link made or removed. */
export function changedAnything(r: ImportReport): boolean {
  return r.added + n(r.updated) + n(r.renamed) + n(r.archived) + r.edges_created + n(r.links_removed) + r.entities_created > 0;
}

/**
 * The short notice after a followed vault's sync: what changed ("1 added, 2 updated"), links
 * alone ("3 links, 1 unlinked"), or null when the sync wrote nothing (a file saved unchanged):
 * then nothing is shown.
 */
export function syncNotice(r: ImportReport): string | null {
  if (!changedAnything(r)) return null;
  const counts = changes(r);
  if (counts.length) return counts.join(', ');
  const removed = n(r.links_removed);
  const links = [r.edges_created ? `${plural(r.edges_created, 'link')} made` : '', removed ? `${removed} unlinked` : ''];
  const entities = r.entities_created ? plural(r.entities_created, 'entity', 'entities') : '';
  return [...links, entities].filter(Boolean).join(', ');
}

/** Two reports as one, for notices of several syncs shown together. */
export function addReports(a: ImportReport, b: ImportReport): ImportReport {
  return {
    lines: b.lines,
    added: a.added + b.added,
    unchanged: b.unchanged,
    entities_created: a.entities_created + b.entities_created,
    edges_created: a.edges_created + b.edges_created,
    format: b.format ?? a.format,
    updated: n(a.updated) + n(b.updated),
    renamed: n(a.renamed) + n(b.renamed),
    archived: n(a.archived) + n(b.archived),
    links_removed: n(a.links_removed) + n(b.links_removed),
  };
}

/** The folder's own name, for labels: "/home/ana/Notes/" → "Notes", "C:\\Vaults\\Work" → "Work". */
export function folderName(path: string): string {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  return parts.length ? parts[parts.length - 1] : path;
}

/** The clock time of a sync, for the indicator: "14:05:09" (24-hour, the same in every locale). */
export function clockTime(at: Date): string {
  const two = (x: number) => String(x).padStart(2, '0');
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}
