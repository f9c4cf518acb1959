// What an export writes, pure: the formats each mode can write, the scopes on offer (the
// selection, what the filters show, a space, everything) with their counts, the request a scope
// makes, the suggested file name, and what the toast says afterwards.
import type { ExportRequest } from '../../api/types';

export type ExportFormat = 'jsonl' | 'graphml' | 'json' | 'markdown';
export type Transport = 'tauri' | 'http';

export interface FormatInfo {
  id: ExportFormat;
  label: string;
  description: string;
  /** The file's extension; null for a vault, which is a folder. */
  ext: string | null;
}

export const FORMATS: readonly FormatInfo[] = [
  { id: 'jsonl', label: 'Mnemo JSONL', description: 'Lossless: every field, vector and link; imports back into Mnemo as it was.', ext: 'jsonl' },
  { id: 'graphml', label: 'GraphML', description: 'The graph for Gephi or yEd: memories as nodes, links as edges.', ext: 'graphml' },
  { id: 'json', label: 'Cytoscape JSON', description: 'The graph in Cytoscape’s elements format, for Cytoscape or scripts.', ext: 'json' },
  { id: 'markdown', label: 'Markdown vault', description: 'One note per memory with front matter and [[links]], for Obsidian.', ext: null },
];

export function formatInfo(format: ExportFormat): FormatInfo {
  return FORMATS.find((f) => f.id === format) ?? FORMATS[0];
}

/** Why a format cannot be written here, or null. */
export function formatUnavailable(format: ExportFormat, transport: Transport): string | null {
  if (format === 'markdown' && transport === 'http') {
    return 'Desktop app or CLI only: a browser cannot download a folder (mnemo export --format markdown --out DIR).';
  }
  return null;
}

/** The server's limit on listed ids (`ExportRequest.ids`). */
export const MAX_IDS = 100_000;

export type ExportScope =
  | { kind: 'selection'; ids: readonly string[] }
  /** The memories the explorer's filters and focus leave on the graph. */
  | { kind: 'visible'; ids: readonly string[] }
  | { kind: 'space'; space: string }
  | { kind: 'all' };

export type ScopeKind = ExportScope['kind'];

/** What the dialog knows when it opens. */
export interface ScopeFacts {
  /** The multi-selection's memories that still exist. */
  selection: readonly string[];
  /** The memories on the graph; null when the filters hide none. */
  visible: readonly string[] | null;
  /** Every space with its memory count. */
  spaces: ReadonlyMap<string, number>;
  total: number;
}

export interface ScopeChoice {
  kind: ScopeKind;
  label: string;
  /** How many memories it writes. */
  count: number;
}

const memories = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'memory' : 'memories'}`;

/** The scopes worth offering: the selection only with one, the filtered view only when it hides something. */
export function scopeChoices(facts: ScopeFacts, space: string | null): ScopeChoice[] {
  const out: ScopeChoice[] = [];
  if (facts.selection.length) out.push({ kind: 'selection', label: `The selection (${memories(facts.selection.length)})`, count: facts.selection.length });
  if (facts.visible) out.push({ kind: 'visible', label: `What the filters show (${memories(facts.visible.length)})`, count: facts.visible.length });
  if (facts.spaces.size) {
    const n = space === null ? 0 : facts.spaces.get(space) ?? 0;
    out.push({ kind: 'space', label: space === null ? 'A space' : `Space “${space}” (${memories(n)})`, count: n });
  }
  out.push({ kind: 'all', label: `Everything (${memories(facts.total)})`, count: facts.total });
  return out;
}

/** Where the dialog starts: what was asked for if on offer, else the narrowest scope there is. */
export function defaultScope(choices: readonly ScopeChoice[], preferred: ScopeKind | null): ScopeKind {
  if (preferred && choices.some((c) => c.kind === preferred)) return preferred;
  return (choices.find((c) => c.kind === 'selection') ?? choices.find((c) => c.kind === 'visible') ?? choices[choices.length - 1]).kind;
}

/** The space the space scope starts on: the one the explorer shows alone, else the largest. */
export function defaultSpace(spaces: ReadonlyMap<string, number>, shown: readonly string[]): string | null {
  if (shown.length === 1 && spaces.has(shown[0])) return shown[0];
  let best: string | null = null;
  for (const [name, n] of spaces) if (best === null || n > (spaces.get(best) ?? 0)) best = name;
  return best;
}

/** The scope of a choice, with the facts it needs. */
export function scopeOf(kind: ScopeKind, facts: ScopeFacts, space: string | null): ExportScope {
  if (kind === 'selection') return { kind, ids: facts.selection };
  if (kind === 'visible') return { kind, ids: facts.visible ?? [] };
  if (kind === 'space') return { kind, space: space ?? '' };
  return { kind: 'all' };
}

/**
 * The request for a scope, or why there is none. An empty id list would ask the server for
 * everything, so a scope of no memories is refused here, never sent.
 */
export function exportRequest(format: ExportFormat, scope: ExportScope): { request: ExportRequest } | { problem: string } {
  switch (scope.kind) {
    case 'selection':
    case 'visible':
      if (!scope.ids.length) return { problem: scope.kind === 'selection' ? 'Nothing is selected.' : 'The filters show no memory.' };
      if (scope.ids.length > MAX_IDS) return { problem: `At most ${MAX_IDS.toLocaleString('en')} listed memories: export a space or everything instead.` };
      return { request: { format, ids: [...scope.ids] } };
    case 'space':
      if (!scope.space) return { problem: 'Pick a space.' };
      return { request: { format, space: scope.space } };
    case 'all':
      return { request: { format } };
  }
}

/** A name any file system takes: no separators or reserved characters, no leading dot. */
export function safeName(s: string): string {
  const clean = s
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return clean.slice(0, 80) || 'space';
}

function day(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** The suggested name: what, how many, and the day, so that two exports do not overwrite each other by default. */
export function exportFileName(format: ExportFormat, scope: ExportScope, now: Date): string {
  const what =
    scope.kind === 'selection'
      ? `selection-${scope.ids.length}`
      : scope.kind === 'visible'
        ? `filtered-${scope.ids.length}`
        : scope.kind === 'space'
          ? safeName(scope.space)
          : 'all';
  const ext = formatInfo(format).ext;
  return `mnemo-${what}-${day(now)}${ext ? `.${ext}` : ''}`;
}

export function fmtBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}

/** The toast after an export: the file (or folder) by name, how many memories, and its size. */
export function exportedMessage(format: ExportFormat, name: string, count: number, written: number | null): { title: string; detail: string } {
  if (format === 'markdown') {
    const notes = written ?? count;
    return { title: `Exported ${name}`, detail: `${memories(count)} as ${notes.toLocaleString('en')} ${notes === 1 ? 'note' : 'notes'}` };
  }
  return { title: `Exported ${name}`, detail: written === null ? memories(count) : `${memories(count)} · ${fmtBytes(written)}` };
}

/** The last part of a path, either separator. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}
